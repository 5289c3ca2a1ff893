package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import land.keen.ser2net.bridge.BridgeSpec;
import land.keen.ser2net.config.ConfigProblem;
import land.keen.ser2net.config.ConnectionSpec;
import land.keen.ser2net.config.ParsedConfig;
import land.keen.ser2net.config.Ser2netConfigParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridges of a plain ser2net.yaml ({@code ser2net.config}). Read again on every reconcile so an edit takes effect
 * without a restart; each problem is logged once, when it appears.
 */
final class StaticConfigSource {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.config");

    private final Path file;
    private final String defaultHost;
    private final Ser2netConfigParser parser = new Ser2netConfigParser();
    private Set<String> reported = Set.of();
    private boolean missingReported;

    StaticConfigSource(Path file, String defaultHost) {
        this.file = file;
        this.defaultHost = defaultHost;
    }

    List<BridgeSpec> wanted() {
        if (!Files.isReadable(file)) {
            if (!missingReported) {
                LOG.error("{}: cannot read the ser2net configuration (ser2net.config)", file);
                missingReported = true;
            }
            return List.of();
        }
        missingReported = false;
        ParsedConfig parsed = parser.parse(file, Map.of());
        Set<String> now = new LinkedHashSet<>();
        for (ConfigProblem p : parsed.problems()) {
            now.add(p.toString());
        }
        for (String p : now) {
            if (!reported.contains(p)) {
                LOG.error("{}", p);
            }
        }
        reported = now;
        List<BridgeSpec> specs = new ArrayList<>();
        for (ConnectionSpec c : parsed.connections()) {
            if (c.enabled()) {
                specs.add(BridgeSpecs.from(c, defaultHost));
            }
        }
        return specs;
    }
}
