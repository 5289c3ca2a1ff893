package land.keen.ser2net.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import land.keen.ser2net.config.ConfigProblem;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.config.ParsedConfig;
import land.keen.ser2net.config.Ser2netConfigParser;
import land.keen.ser2net.discovery.MatchRule;
import land.keen.ser2net.discovery.SnippetCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snippets folder ({@code ser2net.snippets}): one ser2net YAML file per kind of stick. Read on every reconcile,
 * parsed again only when a file changed (so an edit, a new file, a deleted file, or a Kubernetes ConfigMap's
 * {@code ..data} symlink swap all take effect on the next tick). Each problem is logged once.
 */
final class SnippetFolder {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.snippets");

    /** Where the device path goes in a snippet (the seed's convention). */
    static final String DEVNODE = "DEVNODE";

    private record Stamp(long modified, long size) {
    }

    private record Loaded(Stamp stamp, List<SnippetCandidate> candidates, List<String> problems) {
    }

    private final Path dir;
    private final Ser2netConfigParser parser = new Ser2netConfigParser();
    private final Map<Path, Loaded> cache = new HashMap<>();
    private final ProblemLog problemLog = new ProblemLog(LOG);
    private boolean missingReported;

    SnippetFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Every usable connection of every snippet, as match candidates whose payload is the file's enabled {@link ConnectionSpec}s. */
    List<SnippetCandidate> candidates() {
        if (!Files.isDirectory(dir)) {
            if (!missingReported) {
                LOG.warn("snippets folder {} does not exist (ser2net.snippets): discovered sticks cannot be served",
                        dir.toAbsolutePath());
                missingReported = true;
            }
            return List.of();
        }
        missingReported = false;
        List<SnippetCandidate> all = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        Set<Path> seen = new LinkedHashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, SnippetFolder::isSnippetFile)) {
            for (Path file : sorted(files)) {
                seen.add(file);
                Loaded loaded = load(file);
                all.addAll(loaded.candidates());
                problems.addAll(loaded.problems());
            }
        } catch (IOException e) {
            problems.add(dir + ": cannot list the snippets folder: " + e.getMessage());
        }
        cache.keySet().retainAll(seen);
        problemLog.report(problems);
        return all;
    }

    private Loaded load(Path file) {
        Stamp stamp;
        try {
            // follows symlinks, so a ConfigMap ..data swap shows up as a new time/size
            stamp = new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException e) {
            return new Loaded(null, List.of(), List.of(file + ": cannot read: " + e.getMessage()));
        }
        Loaded cached = cache.get(file);
        if (cached != null && stamp.equals(cached.stamp())) {
            return cached;
        }
        Loaded loaded = parse(file, stamp);
        cache.put(file, loaded);
        if (cached != null) {
            LOG.info("snippet {} changed; reloaded", file.getFileName());
        }
        return loaded;
    }

    private Loaded parse(Path file, Stamp stamp) {
        ParsedConfig parsed = parser.parse(file, Map.of());
        List<String> problems = new ArrayList<>();
        parsed.problems().stream().map(ConfigProblem::toString).forEach(problems::add);
        String id = file.getFileName().toString();
        MatchRule.Result rule = MatchRule.of(id, parsed.match().isEmpty() ? null : parsed.match());
        List<SnippetCandidate> candidates = new ArrayList<>();
        if (!rule.ok()) {
            problems.add(file + ": " + rule.error());
            return new Loaded(stamp, candidates, problems);
        }
        List<ConnectionSpec> connections = parsed.connections().stream().filter(ConnectionSpec::enabled).toList();
        if (!connections.isEmpty()) {
            // one candidate per file, so a file serving a stick on two ports is not "ambiguous" with itself
            candidates.add(new SnippetCandidate(id, rule.rule(), connections.get(0).accepter().port(), connections));
        }
        return new Loaded(stamp, candidates, problems);
    }

    private static boolean isSnippetFile(Path p) {
        String name = p.getFileName().toString();
        // "..data" and "..2026_11_25..." are a ConfigMap's internals; dot files are editors' swap files
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p);
    }

    private static List<Path> sorted(DirectoryStream<Path> files) {
        List<Path> list = new ArrayList<>();
        files.forEach(list::add);
        list.sort(null);
        return list;
    }
}
