package land.keen.ser2net.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import land.keen.ser2net.config.ConfigProblem;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.config.ParsedConfig;
import land.keen.ser2net.discovery.MatchRule;
import land.keen.ser2net.discovery.SnippetCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snippets folder ({@code ser2net.snippets}): one ser2net YAML file per kind of stick. Listed on every reconcile
 * pass; a file is parsed again only when it changed and held still for one look (so an edit, a new file, a deleted
 * file, or a Kubernetes ConfigMap's {@code ..data} symlink swap take effect on the next ticks, never half-written).
 * A snippet edited into something broken keeps serving its stick with its last good version. Each problem is logged
 * once.
 */
final class SnippetFolder {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.snippets");

    /** Where the device path goes in a snippet: discovery puts the plugged-in stick's node there. */
    static final String DEVNODE = "DEVNODE";

    private final Path dir;
    private final Map<Path, Snippet> files = new LinkedHashMap<>();

    /** One snippet file and the match candidate its effective version makes. */
    private static final class Snippet {
        final ConfigFile config;
        java.util.Optional<SnippetCandidate> candidate = java.util.Optional.empty();

        Snippet(ConfigFile config) {
            this.config = config;
        }
    }
    private final ProblemLog problemLog = new ProblemLog(LOG);
    private final ProblemLog noteLog = ProblemLog.warnings(LOG);
    private final ProblemLog folderLog = ProblemLog.warnings(LOG);
    private List<SnippetCandidate> last = List.of();
    private List<ConfigIssue> issues = List.of();

    private final long settleMillis;

    SnippetFolder(Path dir, long settleMillis) {
        this.dir = dir;
        this.settleMillis = settleMillis;
    }

    Path dir() {
        return dir;
    }

    /**
     * Every usable connection of every snippet, as match candidates whose payload is the file's enabled
     * {@link ConnectionSpec}s. A folder that cannot be listed keeps the last candidates.
     */
    List<SnippetCandidate> candidates(boolean force) {
        List<Path> listed;
        try {
            listed = list();
        } catch (IOException e) {
            folderLog.report(Files.isDirectory(dir)
                    ? dir + ": cannot list the snippets folder (ser2net.snippets): " + e.getMessage()
                    : "snippets folder " + dir.toAbsolutePath()
                      + " does not exist (ser2net.snippets): discovered sticks cannot be served");
            return last;
        }
        folderLog.report((String) null);
        files.keySet().retainAll(listed);
        List<SnippetCandidate> all = new ArrayList<>();
        List<ConfigIssue> now = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Path file : listed) {
            Snippet snippet = files.computeIfAbsent(file, f -> new Snippet(
                    new ConfigFile(f, settleMillis, parsed -> checkMatch(f, parsed))));
            boolean known = snippet.config.effective() != LastKnownGood.Effective.NONE;
            if (snippet.config.refresh(force)) {
                // built once per parse, not on every pass
                snippet.candidate = candidate(file, snippet.config.effective());
                if (known) {
                    LOG.info("snippet {} changed; reloaded", file.getFileName());
                }
            }
            snippet.candidate.ifPresent(all::add);
            now.addAll(snippet.config.effective().issues());
            notes.addAll(snippet.config.effective().notes());
        }
        problemLog.report(now.stream().map(StaticConfigSource::describe).toList());
        noteLog.report(notes);
        issues = List.copyOf(now);
        last = List.copyOf(all);
        return last;
    }

    /** Problems in force in the snippets. */
    List<ConfigIssue> issues() {
        return issues;
    }

    boolean settling() {
        return files.values().stream().anyMatch(f -> f.config.settling());
    }

    private static java.util.Optional<SnippetCandidate> candidate(Path file, LastKnownGood.Effective e) {
        String id = file.getFileName().toString();
        MatchRule.Result rule = MatchRule.of(id, e.match().isEmpty() ? null : e.match());
        List<ConnectionSpec> connections = e.connections().stream().filter(ConnectionSpec::enabled).toList();
        if (!rule.ok() || connections.isEmpty()) {
            return java.util.Optional.empty();
        }
        // one candidate per file, so a file serving a stick on two ports is not "ambiguous" with itself
        return java.util.Optional.of(
                new SnippetCandidate(id, rule.rule(), connections.get(0).accepter().port(), connections));
    }

    /** An invalid match block makes the whole snippet unusable: a file-level problem, so its last good version stays. */
    private static List<ConfigProblem> checkMatch(Path file, ParsedConfig parsed) {
        if (parsed.problems().stream().anyMatch(p -> p.connection() == null)) {
            return List.of(); // unreadable or not YAML: that one problem says it
        }
        MatchRule.Result rule = MatchRule.of(file.getFileName().toString(),
                parsed.match().isEmpty() ? null : parsed.match());
        return rule.ok() ? List.of() : List.of(new ConfigProblem(file.toString(), null, "match", rule.error()));
    }

    private List<Path> list() throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, SnippetFolder::isSnippetFile)) {
            entries.forEach(list::add);
        }
        list.sort(null);
        return list;
    }

    private static boolean isSnippetFile(Path p) {
        String name = p.getFileName().toString();
        // "..data" and "..2026_11_25..." are a ConfigMap's internals; dot files are editors' swap files
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p);
    }
}
