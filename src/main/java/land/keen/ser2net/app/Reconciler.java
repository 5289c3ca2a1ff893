package land.keen.ser2net.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import land.keen.ser2net.bridge.BridgeManager;
import land.keen.ser2net.bridge.BridgeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-triggered loop behind the {@code ser2net-reconcile} route: on every tick it works out which bridges should
 * run (from the static ser2net.yaml) and lets the {@link BridgeManager} make it so. Nothing is remembered between
 * ticks that could drift: a failed start is simply tried again.
 */
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");

    private BridgeManager bridges;
    private String config = "";
    private String bindAddress = "0.0.0.0";
    private StaticConfigSource staticConfig;

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

    public synchronized void reconcile() {
        List<BridgeSpec> wanted = new ArrayList<>();
        if (!config.isEmpty()) {
            if (staticConfig == null) {
                staticConfig = new StaticConfigSource(Path.of(config), bindAddress);
            }
            wanted.addAll(staticConfig.wanted());
        }
        bridges.apply(withoutDuplicates(wanted));
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
                warnOnce(s.name() + "|" + first.name(), "connection " + s.name() + " (" + s.source() + ") refused: "
                        + (sameName != null ? "name" : "port " + s.port()) + " already used by connection "
                        + first.name() + " (" + first.source() + ")");
                continue;
            }
            keep.add(s);
        }
        return keep;
    }

    private final java.util.Set<String> warned = new java.util.HashSet<>();

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            LOG.warn("{}", message);
        }
    }
}
