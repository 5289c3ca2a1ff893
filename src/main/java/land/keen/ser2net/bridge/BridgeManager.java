package land.keen.ser2net.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import land.keen.ser2net.bridge.BridgeEvents.Listener;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns bridge descriptions into running Camel routes from the templates in routes/bridge.yaml, and removes them.
 * {@link #apply(Collection)} is level-triggered: give it every bridge that should run and it adds, restarts (when a
 * description changed) and removes until that is what runs. A bridge that cannot start (port in use) is retried on the
 * next call and never disturbs the others.
 */
public class BridgeManager implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    public static final String NETWORK_TEMPLATE = "ser2net-bridge-network";
    public static final String DEVICE_TEMPLATE = "ser2net-bridge-device";

    private CamelContext context;
    private final Map<String, Bridge> running = new LinkedHashMap<>();
    /** Start failures already reported, so a retried failure is logged once until it changes. */
    private final Map<String, Failure> failures = new LinkedHashMap<>();

    /** A wanted bridge that could not start, and why (retried on every apply). */
    public record Failure(ServedConnection spec, String reason) {
    }
    private final List<Listener> listeners = new ArrayList<>();
    private EventLoopGroup bossGroup;
    /** The network threads of every bridge's sockets (device writes never run on them: see DeviceWriter). */
    private EventLoopGroup ioGroup;
    /** For every bridge's clients (ser2net.keepalive.* properties); a connection's own options win. */
    private Keepalive keepalive = Keepalive.DEFAULT;
    private final OperatorWatch operatorWatch = new OperatorWatch();

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    /** Seconds of silence before a client is probed (ser2net.keepalive.idle). */
    public synchronized void setKeepaliveIdle(int seconds) {
        keepalive = keepalive.with(seconds, null, null, null);
    }

    /** Seconds between probes (ser2net.keepalive.interval). */
    public synchronized void setKeepaliveInterval(int seconds) {
        keepalive = keepalive.with(null, seconds, null, null);
    }

    /** Unanswered probes before a client is dropped (ser2net.keepalive.count). */
    public synchronized void setKeepaliveCount(int count) {
        keepalive = keepalive.with(null, null, count, null);
    }

    /** Seconds data or probes may stay unanswered before a client is dropped; 0 = the kernel's default
     *  (ser2net.keepalive.tcp-user-timeout). */
    public synchronized void setKeepaliveTcpUserTimeout(int seconds) {
        keepalive = keepalive.with(null, null, null, seconds);
    }

    public synchronized void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Makes the running bridges exactly {@code wanted} (by name; a changed description restarts its bridge). */
    public synchronized void apply(Collection<ServedConnection> wanted) {
        Map<String, ServedConnection> byName = new LinkedHashMap<>();
        wanted.forEach(s -> byName.put(s.name(), s));
        for (String name : List.copyOf(running.keySet())) {
            ServedConnection want = byName.get(name);
            Bridge bridge = running.get(name);
            // a network route removed from outside (JMX) cannot be started again by anyone: put the bridge up afresh
            // (a removed device route is made again by the next client)
            boolean routesGone = context.getRoute(bridge.spec().networkRouteId()) == null;
            if (want == null || !want.equals(bridge.spec()) || routesGone) {
                stop(name);
            } else {
                bridge.observeOperator();
            }
        }
        failures.keySet().retainAll(byName.keySet());
        for (ServedConnection spec : byName.values()) {
            if (!running.containsKey(spec.name())) {
                start(spec);
            }
        }
    }

    public synchronized Collection<Bridge> bridges() {
        return List.copyOf(running.values());
    }

    public synchronized Bridge bridge(String name) {
        return running.get(name);
    }

    /** Starts one bridge: its port listens when this returns true. */
    public synchronized boolean start(ServedConnection spec) {
        if (running.containsKey(spec.name())) {
            return true;
        }
        ensureSharedResources();
        String host;
        try {
            host = ListenHost.resolve(spec.host(), spec.connection().accepter().family());
        } catch (java.net.UnknownHostException e) {
            recordFailure(spec, e);
            return false;
        }
        String taken = PortProbe.holder(host, spec.port());
        if (taken != null) {
            // retried on every pass: checked without building routes, so a held port is one line, not four a pass
            recordFailure(spec, new java.io.IOException(taken));
            return false;
        }
        Bridge bridge;
        try {
            // the device route is made by the bridge for its first client: an idle port costs one route, not two
            bridge = new Bridge(spec, context, keepalive, b -> route(DEVICE_TEMPLATE, spec.deviceRouteId(), spec, host)
                    .bean("bridge", b).bean("line", spec.line()).add());
        } catch (java.io.IOException e) {
            recordFailure(spec, e);
            return false;
        }
        try {
            route(NETWORK_TEMPLATE, spec.networkRouteId(), spec, host).bean("pipeline", bridge.pipeline())
                    .bean("writer", bridge.writer()).add();
        } catch (Exception e) {
            recordFailure(spec, e);
            removeRoutes(spec);
            bridge.shutdown();
            return false;
        }
        failures.remove(spec.name());
        running.put(spec.name(), bridge);
        operatorWatch.watch(bridge);
        LOG.info("bridge {}: up, {} listening on {} ({})", spec.name(), spec.device(), spec.listenAddress(),
                spec.source());
        listeners.forEach(l -> l.bridgeUp(bridge));
        return true;
    }

    /** Remembers why a wanted bridge is not running; logs it when it is new or the reason changed. */
    private void recordFailure(ServedConnection spec, Exception e) {
        String reason = Wording.reason(e);
        Failure before = failures.put(spec.name(), new Failure(spec, reason));
        if (before == null || !reason.equals(before.reason())) {
            LOG.error("bridge {} ({}): cannot serve {} on {}: {}", spec.name(), spec.source(), spec.device(),
                    spec.listenAddress(), reason);
        }
    }

    /** Stops one bridge: closes its clients and device and releases its port. */
    public synchronized void stop(String name) {
        Bridge bridge = running.remove(name);
        if (bridge == null) {
            return;
        }
        operatorWatch.forget(bridge);
        ServedConnection spec = bridge.spec();
        removeRoutes(spec);
        bridge.shutdown();
        LOG.info("bridge {}: down, port {} released", name, spec.port());
        listeners.forEach(l -> l.bridgeDown(bridge));
    }

    /** Wanted bridges that are not running because they could not start. */
    public synchronized List<Failure> failures() {
        return List.copyOf(failures.values());
    }

    /** A route of the bridge from a template in routes/bridge.yaml; its objects are bound as template-local beans. */
    private TemplatedRouteBuilder route(String template, String routeId, ServedConnection spec, String host) {
        return TemplatedRouteBuilder.builder(context, template).routeId(routeId)
                // the templates put the name in descriptions and log messages: as written, unless it holds what
                // placeholders or the simple language would read ({{ }}, ${ })
                .parameter("name", spec.name().matches(".*[{}$].*") ? CamelIds.of(spec.name()) : spec.name())
                // an IPv6 literal goes into the netty: URI in brackets, as in any URI
                .parameter("host", Wording.uriHost(host))
                .parameter("port", String.valueOf(spec.port()))
                .parameter("device", spec.device())
                .parameter("nativeTransport", String.valueOf(SocketTransport.isNative()));
    }

    private void removeRoutes(ServedConnection spec) {
        for (String id : List.of(spec.networkRouteId(), spec.deviceRouteId())) {
            if (context.getRoute(id) == null) {
                continue;
            }
            try {
                context.getRouteController().stopRoute(id, 5, TimeUnit.SECONDS);
                context.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("bridge {}: removing route {} failed: {}", spec.name(), id, Wording.reason(e));
            }
        }
    }

    /**
     * One acceptor thread and one network thread per core for every bridge's sockets (epoll where it loads), so an
     * idle port costs no thread and a stick plugged a hundred times leaves no thread pools behind. Made by the first
     * bridge, so only the bean that really runs bridges (camel-main builds the beans twice) has them.
     */
    private void ensureSharedResources() {
        if (bossGroup != null) {
            return;
        }
        bossGroup = SocketTransport.bossGroup("Ser2netBoss");
        context.getRegistry().bind("ser2net-boss", bossGroup);
        context.getManagementStrategy().addEventNotifier(operatorWatch);
        org.apache.camel.support.service.ServiceHelper.startService(operatorWatch);
        ioGroup = SocketTransport.workerGroup(Runtime.getRuntime().availableProcessors(), "Ser2netIO");
        context.getRegistry().bind("ser2net-io", ioGroup);
        context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext stopping) {
                closeBridgesForShutdown();
            }
        });
    }

    /**
     * Before Camel stops the routes: every bridge closes its clients and its device itself, in order, as when it is
     * removed. Left to Camel, a client leaving would make its bridge stop the device route while Camel is stopping
     * the routes (ConcurrentModificationException), and a reader would see its device closed under it ("lost").
     */
    private synchronized void closeBridgesForShutdown() {
        running.values().forEach(Bridge::shutdown);
    }

    /**
     * Bean destroy method (routes/ser2net.yaml), called when the registry closes, after Camel has stopped the routes
     * (clients closed) and its executors; the bridges' own I/O threads and the acceptor thread are ours to end.
     */
    public synchronized void stop() {
        running.clear();
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            ioGroup = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            bossGroup = null;
        }
    }
}
