package land.keen.ser2net.advert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.BridgeEvents;
import land.keen.ser2net.bridge.BridgeManager;
import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.spec.MdnsSpec;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS-SD adverts for the bridges whose connection asks for one ({@code mdns: true}), so Home Assistant and
 * zigbee2mqtt find each stick by themselves. An advert goes out when a bridge starts listening and is withdrawn with
 * goodbye packets when the bridge goes (stick unplugged, connection removed) or the app stops; a changed connection
 * restarts its bridge and so is announced again. Name conflicts are settled by probing (RFC 6762 section 8, done by
 * JmDNS): the loser takes {@code name (2)}.
 *
 * <p>It watches the bridge layer and the bridge layer never waits for it: the listener methods only queue work for
 * this publisher's own thread, which does all the probing and announcing (a probe takes most of a second).
 */
public class AdvertPublisher implements BridgeEvents.Listener, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.advert");
    /** Container, pod and VM bridges a node-wide default should not advertise on. */
    static final String DEFAULT_EXCLUDE =
            "(veth|cni|flannel|cali|cilium|lxc|docker|br-|virbr|vxlan|weave|kube|tun|tap|podman|vnet).*";

    private boolean enabled = true;
    private String addresses = "";
    private String excludeInterfaces = DEFAULT_EXCLUDE;
    private String hostName = "";
    private String sysfsRoot = "/sys";
    private long interfaceCheckInterval = 10_000;
    private String offNodes = "";
    private String nodeName = "";

    private CamelContext context;
    private BridgeManager bridges;
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile ScheduledExecutorService executor;
    private final Map<String, AdvertState> states = new ConcurrentHashMap<>();
    private final AdvertMeters meters = new AdvertMeters();

    // touched only by the publisher thread
    private Responders responders;
    private final Map<String, Published> published = new LinkedHashMap<>();
    private List<Responders.Local> locals = List.of();

    /** An advert and where it is registered. */
    private static final class Published {
        final ServedConnection spec;
        final Advert advert;
        final Map<Responders.Key, ServiceInfo> registered = new LinkedHashMap<>();
        String reason;

        Published(ServedConnection spec, Advert advert) {
            this.spec = spec;
            this.advert = advert;
        }
    }

    public void setBridges(BridgeManager bridges) {
        this.bridges = bridges;
        bridges.addListener(this);
    }

    /** The advert of a running bridge, or null when its connection asks for none. */
    public AdvertState advert(String bridge) {
        return states.get(bridge);
    }

    /** Asked for by its connection, and a real device: a simulated stick (the demo) is never announced on the LAN. */
    private static boolean advertised(ServedConnection spec) {
        return spec.options().mdns().enabled() && !"true".equals(spec.labels().get("simulated"));
    }

    @Override
    public void bridgeUp(Bridge bridge) {
        ServedConnection spec = bridge.spec();
        if (!advertised(spec) || stopped) {
            return;
        }
        String type = spec.options().mdns().effectiveType();
        String name = spec.options().mdns().name() == null ? spec.name() : spec.options().mdns().name();
        String domain = spec.options().mdns().domain() == null ? "local" : spec.options().mdns().domain();
        String off = off();
        if (off != null) {
            states.put(spec.name(), new AdvertState(name, type, domain, "off", off, List.of()));
            return;
        }
        states.put(spec.name(), new AdvertState(name, type, domain, "announcing", null, List.of()));
        run(() -> up(spec));
    }

    @Override
    public void bridgeDown(Bridge bridge) {
        ServedConnection spec = bridge.spec();
        if (!spec.options().mdns().enabled()) {
            return;
        }
        states.remove(spec.name());
        run(() -> down(spec.name()));
    }

    /** Called on the bridge layer's thread: queue, never block. */
    private void run(Runnable work) {
        ScheduledExecutorService ex = executor;
        if (ex == null || stopped) {
            return;
        }
        try {
            ex.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("mdns: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // stopping: closeAll withdraws everything
        }
    }

    private void up(ServedConnection spec) {
        Published before = published.get(spec.name());
        if (stopped || before != null && before.spec == spec) {
            return; // already announced when the publisher started
        }
        DeviceAttributes device = DeviceAttributes.fromLabels(spec.labels())
                .orElseGet(() -> DeviceAttributes.fromSysfs(Path.of(sysfsRoot), spec.device()));
        Published p = new Published(spec, Advert.of(spec, device));
        down(spec.name());
        published.put(spec.name(), p);
        for (Responders.Local local : locals) {
            register(p, local);
        }
        report(p);
    }

    private void register(Published p, Responders.Local local) {
        Advert a = p.advert;
        if (!local.fits(a)) {
            return;
        }
        Responders.Key key = responders.key(local, a);
        try {
            JmDNS jmdns = responders.responder(key);
            ServiceInfo info = new AnnouncedService(a);
            jmdns.registerService(info);
            p.registered.put(key, info);
            p.reason = null;
            if (!info.getName().equals(a.name())) {
                LOG.info("mdns: {}: the name '{}' is taken on {}; advertised as '{}'", a.bridge(), a.name(), local,
                        info.getName());
            }
            LOG.info("mdns: {}: '{}' {} port {} announced on {}", a.bridge(), info.getName(), a.type(), a.port(),
                    local);
        } catch (IOException | RuntimeException e) {
            p.reason = "cannot advertise on " + local + ": " + e.getMessage();
            LOG.warn("mdns: {}: {}", a.bridge(), p.reason);
        }
    }

    private void down(String bridge) {
        Published p = published.remove(bridge);
        if (p == null) {
            return;
        }
        p.registered.forEach((key, info) -> {
            try {
                // sends the goodbye (TTL 0) so browsers drop it at once instead of when the record expires
                responders.responder(key).unregisterService(info);
            } catch (IOException | RuntimeException e) {
                LOG.debug("mdns: {}: withdrawing on {}: {}", bridge, key.local(), e.toString());
            }
        });
        meters.remove(bridge);
        // a refresh queued before the bridge went may have put its state back
        states.remove(bridge);
        LOG.info("mdns: {}: '{}' {} withdrawn", bridge, p.advert.name(), p.advert.type());
    }

    /** Publishes the state of one advert for /ports and the metrics. */
    private void report(Published p) {
        Advert a = p.advert;
        if (!published.containsKey(a.bridge()) || published.get(a.bridge()) != p) {
            return;
        }
        List<String> on = new ArrayList<>();
        String name = a.name();
        for (Map.Entry<Responders.Key, ServiceInfo> e : p.registered.entrySet()) {
            on.add(e.getKey().local().address().getHostAddress());
            name = e.getValue().getName();
        }
        String reason = p.reason;
        if (on.isEmpty() && reason == null) {
            reason = "no network address to advertise on" + (a.netIf() >= 0 ? " (mdns-interface " + a.netIf() + ")"
                    : "") + (a.netType() != MdnsSpec.NetType.UNSPEC
                    ? " (mdns-nettype " + a.netType().name().toLowerCase(Locale.ROOT) + ")" : "");
        }
        AdvertState s = new AdvertState(name, a.type(), a.domain(), on.isEmpty() ? "failed" : "announced",
                on.isEmpty() ? reason : null, on);
        AdvertState before = states.put(a.bridge(), s);
        if (before != null && before.announced() && !before.name().equals(name)) {
            LOG.info("mdns: {}: another host holds the name '{}'; now advertised as '{}'", a.bridge(),
                    before.name(), name);
        }
        meters.update(context, a.bridge(), a.port(), s);
    }

    /** Follows addresses coming and going: announces every advert on a new one, forgets a vanished one. */
    private void checkInterfaces() {
        if (stopped) {
            return;
        }
        List<Responders.Local> now = responders.locals();
        if (now.equals(locals)) {
            return;
        }
        List<Responders.Local> before = locals;
        locals = now;
        responders.retain(now);
        for (Published p : published.values()) {
            p.registered.keySet().removeIf(k -> !now.contains(k.local()));
            for (Responders.Local local : now) {
                if (!before.contains(local)) {
                    register(p, local);
                }
            }
            report(p);
        }
    }

    /**
     * Bean init method (routes/ser2net.yaml): adverts begin once the context has started. camel-main builds YAML beans
     * twice and destroys the first before the context starts, so a destroyed instance's listener finds {@code stopped}
     * and does nothing.
     */
    public void start() throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> begin());
    }

    private synchronized void begin() {
        if (started || stopped) {
            return;
        }
        started = true;
        String off = off();
        if (off != null) {
            LOG.info("mdns: adverts off ({})", off);
            return;
        }
        Pattern exclude;
        try {
            exclude = Pattern.compile(excludeInterfaces);
        } catch (PatternSyntaxException e) {
            LOG.error("mdns: ser2net.mdns.exclude-interfaces is not a regular expression ({}); using the default",
                    e.getDescription());
            exclude = Pattern.compile(DEFAULT_EXCLUDE);
        }
        List<String> configured = Arrays.stream(addresses.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        responders = new Responders(configured, exclude, hostName);
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "Ser2netMdns");
        executor.execute(() -> {
            locals = responders.locals();
            // bridges that came up before this publisher started
            bridges.bridges().stream().map(Bridge::spec).filter(AdvertPublisher::advertised).forEach(this::up);
        });
        // a conflict found after the announcement renames the service inside JmDNS (RFC 6762 section 9): show it
        executor.scheduleWithFixedDelay(() -> {
            try {
                published.values().forEach(this::report);
            } catch (RuntimeException e) {
                LOG.warn("mdns: refreshing the advert states failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(() -> {
            try {
                checkInterfaces();
            } catch (RuntimeException e) {
                LOG.warn("mdns: checking the network interfaces failed: {}", e.toString());
            }
        }, interfaceCheckInterval, interfaceCheckInterval, TimeUnit.MILLISECONDS);
        LOG.info("mdns: adverts on, on {}", configured.isEmpty() ? "every LAN interface" : configured);
    }

    /** Why this node sends no adverts, or null when it does. */
    private String off() {
        if (!enabled) {
            return "ser2net.mdns.enabled is false";
        }
        String node = nodeName.isBlank() ? System.getenv().getOrDefault("NODE_NAME", "") : nodeName.trim();
        if (!node.isEmpty() && Arrays.stream(offNodes.split(",")).map(String::trim).anyMatch(node::equals)) {
            return "node " + node + " is in ser2net.mdns.off-nodes";
        }
        return null;
    }

    /** Bean destroy method: withdraws every advert (goodbye packets) and closes the responders. */
    public synchronized void stop() {
        stopped = true;
        ScheduledExecutorService ex = executor;
        if (ex == null) {
            return;
        }
        context.getExecutorServiceManager().shutdownNow(ex);
        try {
            ex.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        responders.closeAll();
        states.clear();
        LOG.info("mdns: adverts withdrawn");
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    // settings, from routes/ser2net.yaml (ser2net.mdns.* properties)

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void setAddresses(String addresses) {
        this.addresses = addresses == null ? "" : addresses;
    }

    public void setExcludeInterfaces(String excludeInterfaces) {
        this.excludeInterfaces = excludeInterfaces == null || excludeInterfaces.isBlank() ? "(?!)"
                : excludeInterfaces.trim();
    }

    public void setHostName(String hostName) {
        this.hostName = hostName == null ? "" : hostName;
    }

    public void setSysfsRoot(String sysfsRoot) {
        this.sysfsRoot = sysfsRoot;
    }

    /** Node names (comma-separated) whose pods send no adverts: one DaemonSet setting, off on some nodes. */
    public void setOffNodes(String offNodes) {
        this.offNodes = offNodes == null ? "" : offNodes;
    }

    /** This node's name for {@link #setOffNodes}; empty: the NODE_NAME environment variable (downward API). */
    public void setNodeName(String nodeName) {
        this.nodeName = nodeName == null ? "" : nodeName;
    }

    public void setInterfaceCheckInterval(long millis) {
        this.interfaceCheckInterval = Math.max(1000, millis);
    }
}
