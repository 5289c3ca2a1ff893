package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.config.ConfigProblem;
import land.keen.ser2net.spec.ConnectionSpec;
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
    private final ProblemLog problems = new ProblemLog(LOG);

    StaticConfigSource(Path file, String defaultHost) {
        this.file = file;
        this.defaultHost = defaultHost;
    }

    List<ServedConnection> wanted() {
        if (!Files.isReadable(file)) {
            problems.report(List.of(file + ": cannot read the ser2net configuration (ser2net.config)"));
            return List.of();
        }
        ParsedConfig parsed = parser.parse(file, Map.of());
        problems.report(parsed.problems().stream().map(ConfigProblem::toString).toList());
        List<ServedConnection> specs = new ArrayList<>();
        for (ConnectionSpec c : parsed.connections()) {
            if (c.enabled()) {
                specs.add(ServedConnection.of(c, defaultHost, Map.of()));
            }
        }
        return specs;
    }
}
