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
import land.keen.ser2net.bridge.ServedConnection;
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
    private String discovery = "auto";
    private String sysfsRoot = "/sys";
    private String devRoot = "/dev";
    private String snippets = "snippets";
    private String demo = "auto";

    private StaticConfigSource staticConfig;
    private DiscoverySource discovered;
    private DemoStick demoStick;
    private final Set<String> warned = new HashSet<>();
    private List<RefusedConnection> refused = List.of();
    private volatile long ticks;
    private boolean forceNext;
    private long scanInterval = 500;
    private long resyncInterval = 10_000;
    private ReconcileTrigger trigger;
    private boolean stopped;

    /** A configured connection that cannot run beside another: same name or same TCP port. */
    public record RefusedConnection(String name, String source, int port, String reason) {
    }

    public synchronized void reconcile() {
        if (stopped) {
            return;
        }
        if (context != null && !context.isStarted()) {
            // the timer may fire while later routes still start: a route added now would be parked unstarted and its
            // port never listen. The first pass runs when the context has started (see setCamelContext)
            return;
        }
        boolean force = forceNext;
        forceNext = false;
        if (ticks == 0) {
            LOG.info("{}", summary());
        }
        List<ServedConnection> wanted = new ArrayList<>();
        if (!config.isEmpty()) {
            if (staticConfig == null) {
                staticConfig = new StaticConfigSource(Path.of(config), bindAddress, scanInterval);
            }
            wanted.addAll(staticConfig.wanted(force));
            if (ticks == 0) {
                // the configured ports listen before the first sysfs scan and snippet parse, not after
                bridges.apply(withoutDuplicates(wanted));
            }
        }
        if (discoveryOn()) {
            if (discovered == null) {
                discovered = createDiscovery();
            }
            wanted.addAll(discovered.wanted(force));
        }
        bridges.apply(withoutDuplicates(wanted));
        ticks++;
        afterPass();
    }

    /** Watches what this pass looked at, so the next pass comes when something changes rather than on a clock. */
    private void afterPass() {
        if (stopped || context == null) {
            return;
        }
        if (trigger == null) {
            trigger = new ReconcileTrigger(context, this::reconcile, scanInterval);
        }
        Set<Path> folders = new java.util.LinkedHashSet<>();
        sources().forEach(s -> folders.addAll(s.folders()));
        trigger.passDone(folders, settling());
    }

    private synchronized void stopTrigger() {
        stopped = true;
        if (trigger != null) {
            trigger.close();
            trigger = null;
        }
    }

    /** The slow safety resync (the ser2net-reconcile timer's period); passes come sooner on changes. */
    public long resyncInterval() {
        return resyncInterval;
    }

    /**
     * Re-reads the configuration and the snippets now, without waiting for them to hold still (SIGHUP, as ser2net).
     * Broken files keep their last good connections, as on any reload.
     */
    public void reloadNow(String why) {
        LOG.info("reloading the configuration and snippets ({})", why);
        synchronized (this) {
            forceNext = true;
        }
        reconcile();
    }

    /** Discovery runs when asked for, or (auto) when no ser2net.yaml is given: a given file is served exactly. */
    private boolean discoveryOn() {
        return switch (discovery.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "auto" -> config.isEmpty();
            default -> false;
        };
    }

    private String summary() {
        String served = config.isEmpty() ? "no ser2net.yaml (ser2net.config)" : "serving " + config;
        return served + "; discovery " + (discoveryOn()
                ? "on (sysfs " + sysfsRoot + ", snippets " + snippets + ")"
                : "off (ser2net.discovery=true also serves the sticks a snippet matches)");
    }

    /** Configuration problems in force (static file and snippets), each saying whether the last good version runs. */
    public synchronized List<ConfigIssue> configIssues() {
        List<ConfigIssue> all = new ArrayList<>();
        sources().forEach(s -> all.addAll(s.issues()));
        return all;
    }

    /** The file-backed sources made so far. */
    private List<WatchedSource> sources() {
        List<WatchedSource> made = new ArrayList<>(2);
        if (staticConfig != null) {
            made.add(staticConfig);
        }
        if (discovered != null) {
            made.add(discovered);
        }
        return made;
    }

    /** Configured connections refused because another one has their name or port. */
    public synchronized List<RefusedConnection> refusedConnections() {
        return refused;
    }

    /** Whether a changed file is waiting to hold still before it applies (the loop should look again soon). */
    public synchronized boolean settling() {
        return sources().stream().anyMatch(WatchedSource::settling);
    }

    /** Completed reconcile passes; health and tests use it to know the loop is alive. */
    public long ticks() {
        return ticks;
    }

    /** Devices seen, unmatched and refused, and how long the last sysfs scan took. */
    public synchronized DiscoverySource.Stats discoveryStats() {
        return discovered == null ? DiscoverySource.Stats.NONE : discovered.stats();
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
            } catch (Exception | LinkageError e) {
                LOG.warn("demo: cannot create the simulated stick ({}); carrying on without it", e.toString());
            }
        }
        return new DiscoverySource(scanners, new SnippetFolder(Path.of(snippets), scanInterval), bindAddress,
                demoStick == null ? null : demoStick.devRoot());
    }

    /** Bean destroy method (routes/ser2net.yaml): no more passes; removes the demo stick, if one was made. */
    public synchronized void stop() {
        stopTrigger();
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
    private List<ServedConnection> withoutDuplicates(List<ServedConnection> wanted) {
        Map<String, ServedConnection> byName = new LinkedHashMap<>();
        Map<Integer, ServedConnection> byPort = new LinkedHashMap<>();
        List<ServedConnection> keep = new ArrayList<>();
        List<RefusedConnection> refusedNow = new ArrayList<>();
        for (ServedConnection s : wanted) {
            ServedConnection sameName = byName.putIfAbsent(s.name(), s);
            ServedConnection samePort = byPort.putIfAbsent(s.port(), s);
            if (sameName != null || samePort != null) {
                ServedConnection first = sameName != null ? sameName : samePort;
                String reason = (sameName != null ? "its name is" : "port " + s.port() + " is")
                                + " already used by connection " + first.name() + " (" + first.source() + ")";
                refusedNow.add(new RefusedConnection(s.name(), s.source(), s.port(), reason));
                if (warned.add(s.name() + "|" + s.source() + "|" + first.name())) {
                    LOG.warn("connection {} ({}) refused: {}", s.name(), s.source(), reason);
                }
                continue;
            }
            keep.add(s);
        }
        refused = List.copyOf(refusedNow);
        return keep;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarted(CamelContext started) {
                reconcile(); // the pass a timer tick during start-up left for now
            }

            @Override
            public void onContextStopping(CamelContext stopping) {
                stopTrigger();
            }
        });
    }

    /** ms between looks while a changed file settles, or at every folder that cannot be watched. */
    public void setScanInterval(long scanInterval) {
        this.scanInterval = Math.max(10, scanInterval);
    }

    /** ms between full passes when nothing reported a change (a safety net under the file-system watch). */
    public void setResyncInterval(long resyncInterval) {
        this.resyncInterval = Math.max(10, resyncInterval);
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

    /** true, false, or auto: on unless a ser2net.yaml is given (then exactly that file is served). */
    public void setDiscovery(String discovery) {
        this.discovery = discovery == null || discovery.isBlank() ? "auto" : discovery.trim();
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
