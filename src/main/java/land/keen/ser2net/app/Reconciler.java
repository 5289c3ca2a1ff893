package land.keen.ser2net.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import land.keen.ser2net.bridge.BridgeManager;
import land.keen.ser2net.bridge.BridgeSpec;
import land.keen.ser2net.demo.DemoStick;
import land.keen.ser2net.discovery.Refusal;
import land.keen.ser2net.discovery.SysfsScanner;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-triggered loop behind the {@code ser2net-reconcile} route: on every tick it works out which bridges should
 * run — the static ser2net.yaml ({@code ser2net.config}) plus one per discovered stick that a snippet matches — and
 * lets the {@link BridgeManager} make it so. Nothing is remembered between ticks that could drift: a failed start is
 * simply tried again, a changed file or device shows up on the next tick.
 */
public class Reconciler implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");

    private CamelContext context;
    private BridgeManager bridges;
    private String config = "";
    private String bindAddress = "0.0.0.0";
    private boolean discovery = true;
    private String sysfsRoot = "/sys";
    private String devRoot = "/dev";
    private String snippets = "snippets";
    private String demo = "auto";

    private StaticConfigSource staticConfig;
    private DiscoverySource discovered;
    private DemoStick demoStick;
    private final Set<String> warned = new HashSet<>();
    private volatile long ticks;

    public synchronized void reconcile() {
        List<BridgeSpec> wanted = new ArrayList<>();
        if (!config.isEmpty()) {
            if (staticConfig == null) {
                staticConfig = new StaticConfigSource(Path.of(config), bindAddress);
            }
            wanted.addAll(staticConfig.wanted());
            if (ticks == 0) {
                // the configured ports listen before the first sysfs scan and snippet parse, not after
                bridges.apply(withoutDuplicates(wanted));
            }
        }
        if (discovery) {
            if (discovered == null) {
                discovered = createDiscovery();
            }
            wanted.addAll(discovered.wanted());
        }
        bridges.apply(withoutDuplicates(wanted));
        ticks++;
    }

    /**
     * Re-reads the configuration and snippets now, whatever change detection says, and makes the bridges match (as
     * ser2net does on SIGHUP); a broken file keeps what runs, as on every pass.
     */
    public void reloadNow(String why) {
        LOG.info("reload ({}): re-reading the configuration and snippets", why);
        reconcile();
    }

    /** Completed reconcile passes; health and tests use it to know the loop is alive. */
    public long ticks() {
        return ticks;
    }

    /** Devices seen, unmatched and refused, and how long the last sysfs scan took. */
    public synchronized long[] discoveryStats() {
        if (discovered == null) {
            return new long[] { 0, 0, 0, 0 };
        }
        DiscoverySource.Stats s = discovered.stats();
        return new long[] { s.devices(), s.unmatched(), s.refused(), s.scanNanos() };
    }

    /** Refusals from discovery still in force. */
    public synchronized List<Refusal> refusals() {
        return discovered == null ? List.of() : discovered.refusals();
    }

    private DiscoverySource createDiscovery() {
        List<SysfsScanner> scanners = new ArrayList<>();
        SysfsScanner real = new SysfsScanner(Path.of(sysfsRoot), Path.of(devRoot));
        scanners.add(real);
        boolean wantDemo = switch (demo.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "auto" -> config.isEmpty() && real.scan().isEmpty();
            default -> false;
        };
        if (wantDemo) {
            try {
                demoStick = new DemoStick();
                scanners.add(new SysfsScanner(demoStick.sysRoot(), demoStick.devRoot()));
                context.addLifecycleStrategy(new LifecycleStrategySupport() {
                    @Override
                    public void onContextStopped(CamelContext stopped) {
                        closeDemo();
                    }
                });
            } catch (Exception | LinkageError e) {
                LOG.warn("demo: cannot create the simulated stick ({}); carrying on without it", e.toString());
            }
        }
        return new DiscoverySource(scanners, new SnippetFolder(Path.of(snippets)), bindAddress);
    }

    private synchronized void closeDemo() {
        if (demoStick != null) {
            try {
                demoStick.close();
            } catch (Exception e) {
                LOG.debug("demo: cleanup failed: {}", e.toString());
            }
            demoStick = null;
        }
    }

    /** Two connections with one name or one port cannot both run: the first keeps it, the other is refused loudly. */
    private List<BridgeSpec> withoutDuplicates(List<BridgeSpec> wanted) {
        Map<String, BridgeSpec> byName = new LinkedHashMap<>();
        Map<Integer, BridgeSpec> byPort = new LinkedHashMap<>();
        List<BridgeSpec> keep = new ArrayList<>();
        for (BridgeSpec s : wanted) {
            BridgeSpec sameName = byName.putIfAbsent(s.name(), s);
            BridgeSpec samePort = byPort.putIfAbsent(s.port(), s);
            if (sameName != null || samePort != null) {
                BridgeSpec first = sameName != null ? sameName : samePort;
                if (warned.add(s.name() + "|" + s.source() + "|" + first.name())) {
                    LOG.warn("connection {} ({}) refused: {} already used by connection {} ({})", s.name(),
                            s.source(), sameName != null ? "its name is" : "port " + s.port() + " is", first.name(),
                            first.source());
                }
                continue;
            }
            keep.add(s);
        }
        return keep;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    public void setBridges(BridgeManager bridges) {
        this.bridges = bridges;
    }

    /** Path of a ser2net.yaml to serve as it is (empty for none). */
    public void setConfig(String config) {
        this.config = config == null ? "" : config.trim();
    }

    /** Listen address for connections whose accepter names none. */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress.trim();
    }

    public void setDiscovery(boolean discovery) {
        this.discovery = discovery;
    }

    public void setSysfsRoot(String sysfsRoot) {
        this.sysfsRoot = sysfsRoot;
    }

    public void setDevRoot(String devRoot) {
        this.devRoot = devRoot;
    }

    public void setSnippets(String snippets) {
        this.snippets = snippets;
    }

    /** auto (a simulated stick when no config is given and no USB serial device is present), true or false. */
    public void setDemo(String demo) {
        this.demo = demo == null ? "auto" : demo.trim();
    }
}
