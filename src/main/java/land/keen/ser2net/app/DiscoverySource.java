package land.keen.ser2net.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.discovery.MatchOutcome;
import land.keen.ser2net.discovery.Refusal;
import land.keen.ser2net.discovery.SerialDevice;
import land.keen.ser2net.discovery.SnippetMatcher;
import land.keen.ser2net.discovery.SysfsScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridges the plugged-in sticks want: scan sysfs, match each device to a snippet, put the device node where the
 * snippet says DEVNODE. Refusals (ambiguous match, two devices wanting one port) are logged once as a WARN and stay
 * in {@link #refusals()} until resolved; an unmatched device is logged once at INFO with what a snippet needs.
 */
public final class DiscoverySource implements WatchedSource {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.discovery");

    private final List<SysfsScanner> scanners;
    private final SnippetFolder snippets;
    private final String defaultHost;
    private Map<String, Refusal> refusals = Map.of();
    private final Set<String> unmatchedReported = new HashSet<>();
    private final Map<String, SerialDevice> present = new HashMap<>();

    /** Device nodes of the demo's simulated stick live below this (null without a demo). */
    private final java.nio.file.Path simulatedDevRoot;

    DiscoverySource(List<SysfsScanner> scanners, SnippetFolder snippets, String defaultHost,
            java.nio.file.Path simulatedDevRoot) {
        this.simulatedDevRoot = simulatedDevRoot;
        this.scanners = List.copyOf(scanners);
        this.snippets = snippets;
        this.defaultHost = defaultHost;
    }

    List<SerialDevice> scan() {
        List<SerialDevice> devices = new ArrayList<>();
        scanners.forEach(s -> devices.addAll(s.scan()));
        return devices;
    }

    /** What the last pass saw, for metrics. */
    /** What the last scan saw: devices, devices no snippet matches, refusals in force, and how long it took. */
    public record Stats(int devices, int unmatched, int refused, long scanNanos) {
        public static final Stats NONE = new Stats(0, 0, 0, 0);
    }

    private volatile Stats stats = Stats.NONE;

    Stats stats() {
        return stats;
    }

    /** Problems in force in the snippets. */
    @Override
    public List<ConfigIssue> issues() {
        return snippets.issues();
    }

    /** Folders whose changes mean a device or a snippet may have come or gone. */
    @Override
    public java.util.Set<java.nio.file.Path> folders() {
        java.util.Set<java.nio.file.Path> dirs = new java.util.LinkedHashSet<>();
        scanners.forEach(s -> dirs.add(s.devRoot()));
        dirs.add(snippets.dir());
        return dirs;
    }

    @Override
    public boolean settling() {
        return snippets.settling();
    }

    /** The bridges the plugged-in sticks want; snippets are read again first when they changed (at once if forced). */
    List<ServedConnection> wanted(boolean force) {
        long start = System.nanoTime();
        List<SerialDevice> devices = scan();
        long scanNanos = System.nanoTime() - start;
        reportPlugs(devices);
        MatchOutcome outcome = SnippetMatcher.match(snippets.candidates(force), devices);
        reportRefusals(outcome.refusals());
        for (SerialDevice d : outcome.unmatched()) {
            if (unmatchedReported.add(d.identity())) {
                LOG.info("no snippet matches {}: to serve it, add {}/{}.yaml (or a snippet with match: {vendor: "
                         + "\"{}\", product: \"{}\"{}}) whose connector uses DEVNODE", d.describe(), snippets.dir(),
                        d.usbId(), d.vendorId(), d.productId(),
                        d.serial() == null ? "" : ", serial: \"" + d.serial() + "\"");
            }
        }
        stats = new Stats(devices.size(), outcome.unmatched().size(), outcome.refusals().size(), scanNanos);
        List<ServedConnection> specs = new ArrayList<>();
        for (MatchOutcome.Assignment a : outcome.assignments()) {
            @SuppressWarnings("unchecked")
            List<ConnectionSpec> connections = (List<ConnectionSpec>) a.snippet().payload();
            for (ConnectionSpec c : connections) {
                specs.add(ServedConnection.of(withDevice(c, a.device()), defaultHost, labels(a)));
            }
        }
        return specs;
    }

    private Map<String, String> labels(MatchOutcome.Assignment a) {
        SerialDevice d = a.device();
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (simulatedDevRoot != null && d.devNode().startsWith(simulatedDevRoot)) {
            // the demo's echo stick: served like a real one, but never announced to the LAN as a device
            labels.put("simulated", "true");
        }
        labels.put("usb-id", d.usbId());
        if (d.serial() != null) {
            labels.put("serial", d.serial());
        }
        labels.put("port-path", d.portPath());
        if (d.interfaceNumber() != null) {
            labels.put("interface", d.interfaceNumber());
        }
        if (d.product() != null) {
            labels.put("product", d.product());
        }
        // the rest of what ser2net's mdns-sysattrs puts in an advert
        if (d.manufacturer() != null) {
            labels.put("manufacturer", d.manufacturer());
        }
        if (d.interfaceName() != null) {
            labels.put("interface-name", d.interfaceName());
        }
        labels.put("snippet", a.snippet().id());
        return labels;
    }

    /** Refusals still in force, for status pages. */
    List<Refusal> refusals() {
        return List.copyOf(refusals.values());
    }

    private void reportPlugs(List<SerialDevice> devices) {
        Map<String, SerialDevice> now = new HashMap<>();
        devices.forEach(d -> now.put(d.tty() + "|" + d.identity(), d));
        for (Map.Entry<String, SerialDevice> e : now.entrySet()) {
            if (!present.containsKey(e.getKey())) {
                LOG.info("device found: {}", e.getValue().describe());
            }
        }
        for (Map.Entry<String, SerialDevice> e : present.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                LOG.info("device lost: {}", e.getValue().describe());
                unmatchedReported.remove(e.getValue().identity());
            }
        }
        present.clear();
        present.putAll(now);
    }

    private void reportRefusals(List<Refusal> current) {
        Map<String, Refusal> now = new HashMap<>();
        current.forEach(r -> now.put(r.key(), r));
        for (Refusal r : current) {
            if (!refusals.containsKey(r.key())) {
                LOG.warn("refused: {}", r.message());
            }
        }
        for (Refusal r : refusals.values()) {
            if (!now.containsKey(r.key())) {
                LOG.info("resolved: {}", r.message());
            }
        }
        refusals = now;
    }

    private static ConnectionSpec withDevice(ConnectionSpec c, SerialDevice device) {
        return c.withDevice(c.device().replace(SnippetFolder.DEVNODE, device.devNode().toString()));
    }
}
