package land.keen.ser2net.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import land.keen.ser2net.app.Reconciler;
import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.BridgeState;
import land.keen.ser2net.bridge.BridgeEvents;
import land.keen.ser2net.bridge.BridgeManager;
import land.keen.ser2net.bridge.BridgeStats;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * Prometheus metrics (through Camel's Micrometer registry, scraped at /observe/metrics) for every bridge while it
 * exists, and for discovery. Names follow Prometheus conventions: {@code ser2net_bridge_to_device_bytes_total},
 * labels {@code bridge}, {@code port}, {@code device}.
 */
public class BridgeMetrics implements BridgeEvents.Listener, CamelContextAware {

    private CamelContext context;
    private Reconciler reconciler;
    private boolean stopped;
    private MeterRegistry registry;
    private final Map<String, List<Meter>> meters = new HashMap<>();

    public void setBridges(BridgeManager bridges) {
        bridges.addListener(this);
    }

    public void setReconciler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public synchronized void bridgeUp(Bridge bridge) {
        MeterRegistry r = stopped ? null : registry();
        if (r == null) {
            return;
        }
        Tags tags = Tags.of("bridge", bridge.spec().name(), "port", String.valueOf(bridge.spec().port()), "device",
                bridge.spec().device());
        BridgeStats s = bridge.stats();
        List<Meter> list = new ArrayList<>();
        list.add(counter(r, "ser2net.bridge.to.device", "bytes", "Bytes from clients written to the device", tags, s,
                BridgeStats::bytesToDevice));
        list.add(counter(r, "ser2net.bridge.from.device", "bytes", "Bytes read from the device and sent to clients",
                tags, s, BridgeStats::bytesFromDevice));
        list.add(counter(r, "ser2net.bridge.connections.accepted", null, "Client connections admitted", tags, s,
                BridgeStats::accepted));
        list.add(counter(r, "ser2net.bridge.connections.refused", null,
                "Client connections refused (port in use, device open failure)", tags, s, BridgeStats::refused));
        list.add(counter(r, "ser2net.bridge.connections.kicked", null, "Clients closed by kickolduser", tags, s,
                BridgeStats::kicked));
        list.add(counter(r, "ser2net.bridge.device.open.failures", null, "Failed attempts to open the device", tags,
                s, BridgeStats::openFailures));
        list.add(Gauge.builder("ser2net.bridge.clients", bridge, b -> b.clients().size())
                .description("Clients connected now").tags(tags).register(r));
        list.add(Gauge.builder("ser2net.bridge.device.present", bridge,
                b -> Files.exists(Path.of(b.spec().device())) ? 1 : 0)
                .description("1 while the device node exists").tags(tags).register(r));
        list.add(Gauge.builder("ser2net.bridge.listening", bridge,
                b -> b.state() == BridgeState.LISTENING || b.state() == BridgeState.OPEN ? 1 : 0)
                .description("1 while the port accepts clients; 0 while an operator has its route stopped")
                .tags(tags).register(r));
        list.add(Gauge.builder("ser2net.bridge.device.open", bridge, b -> b.isDeviceOpen() ? 1 : 0)
                .description("1 while the device is open (a client is connected)").tags(tags).register(r));
        meters.put(bridge.spec().name(), list);
    }

    @Override
    public synchronized void bridgeDown(Bridge bridge) {
        List<Meter> list = meters.remove(bridge.spec().name());
        if (list != null && registry != null) {
            list.forEach(registry::remove);
        }
    }

    private static Meter counter(MeterRegistry r, String name, String unit, String help, Tags tags, BridgeStats s,
            ToDoubleFunction<BridgeStats> f) {
        FunctionCounter.Builder<BridgeStats> b = FunctionCounter.builder(name, s, f).description(help).tags(tags);
        if (unit != null) {
            b.baseUnit(unit);
        }
        return b.register(r);
    }

    private MeterRegistry registry() {
        if (registry == null && context != null) {
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (registry != null && registry.find("ser2net.discovery.devices").gauge() == null) {
                Reconciler m = reconciler;
                Gauge.builder("ser2net.discovery.devices", m, x -> x.discoveryStats().devices())
                        .description("USB serial devices seen in sysfs").register(registry);
                Gauge.builder("ser2net.discovery.unmatched", m, x -> x.discoveryStats().unmatched())
                        .description("Devices no snippet matches").register(registry);
                Gauge.builder("ser2net.discovery.refused", m, x -> x.discoveryStats().refused())
                        .description("Refusals in force (ambiguous match, port conflict)").register(registry);
                Gauge.builder("ser2net.discovery.scan.duration", m, x -> x.discoveryStats().scanNanos() / 1e9)
                        .description("Duration of the last sysfs scan").baseUnit("seconds").register(registry);
                Gauge.builder("ser2net.config.problems", m, x -> x.configIssues().size())
                        .description("Configuration problems in force (a broken file or connection keeps its last good "
                                     + "version running)").register(registry);
                Gauge.builder("ser2net.connections.refused", m, x -> x.refusedConnections().size())
                        .description("Configured connections refused: their name or TCP port is already used")
                        .register(registry);
            }
        }
        return registry;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    /**
     * Bean init method (routes/ser2net.yaml): the discovery gauges exist from the start, not only once a bridge is up.
     * camel-main builds YAML beans twice and destroys the first before the context starts; a destroyed instance's
     * listener does nothing.
     */
    public void start() throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            synchronized (this) {
                if (!stopped) {
                    registry();
                }
            }
        });
    }

    /** Bean destroy method. */
    public synchronized void stop() {
        stopped = true;
    }
}
