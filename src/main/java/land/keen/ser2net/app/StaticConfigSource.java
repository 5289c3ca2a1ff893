package land.keen.ser2net.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.spec.ConnectionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridges of a plain ser2net.yaml ({@code ser2net.config}). Looked at on every reconcile pass but read again only
 * when it (or a file it includes) changed and held still; a broken edit keeps the last good connections running
 * (see {@link LastKnownGood}). Each problem is logged once, when it appears.
 */
final class StaticConfigSource implements WatchedSource {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.config");

    private final ConfigFile file;
    private final String defaultHost;
    private final ProblemLog problems = new ProblemLog(LOG);
    private final ProblemLog notes = ProblemLog.warnings(LOG);
    private List<ServedConnection> wanted = List.of();
    private boolean read;

    StaticConfigSource(Path file, String defaultHost, long settleMillis) {
        this.file = new ConfigFile(file, settleMillis, parsed -> List.of());
        this.defaultHost = defaultHost;
    }

    /** The bridges the file wants, re-read first when it changed (or at once when {@code force}). */
    List<ServedConnection> wanted(boolean force) {
        if (file.refresh(force) || !read) {
            read = true;
            LastKnownGood.Effective now = file.effective();
            problems.report(now.issues().stream().map(StaticConfigSource::describe).toList());
            notes.report(now.notes());
            List<ServedConnection> specs = new ArrayList<>();
            for (ConnectionSpec c : now.connections()) {
                if (c.enabled()) {
                    specs.add(ServedConnection.of(c, defaultHost, java.util.Map.of()));
                }
            }
            wanted = List.copyOf(specs);
        }
        return wanted;
    }

    /** Problems in force in the file, each saying whether the last good version keeps running. */
    @Override
    public List<ConfigIssue> issues() {
        return file.effective().issues();
    }

    @Override
    public java.util.Set<Path> folders() {
        return file.folders();
    }

    @Override
    public boolean settling() {
        return file.settling();
    }

    static String describe(ConfigIssue issue) {
        return issue.message() + (issue.keptLastGood() ? " (the last good version keeps running)" : "");
    }
}
