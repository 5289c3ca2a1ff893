package land.keen.ser2net.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import land.keen.ser2net.config.ConfigProblem;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.config.ParsedConfig;

/**
 * ser2net's rule for a reload that finds a broken file: what runs keeps running. A file that does not parse keeps the
 * last good version of each of its connections; a connection that no longer validates keeps its last good version;
 * everything that parsed applies as written, and a connection removed from a file that parsed cleanly is removed.
 * The comparison is of whole connection models, so "same connection" means equal {@link ConnectionSpec}s.
 */
final class LastKnownGood {

    private LastKnownGood() {
    }

    /** What applies after a parse: the connections to run, the match block, and the problems in force. */
    record Effective(List<ConnectionSpec> connections, Map<String, String> match, List<ConfigIssue> issues,
            List<String> notes) {

        static final Effective NONE = new Effective(List.of(), Map.of(), List.of(), List.of());
    }

    /**
     * @param previous what applied before (NONE the first time)
     * @param parsed   the new parse
     * @param extra    file-level problems the caller found in it (e.g. an invalid match block)
     */
    static Effective merge(Effective previous, ParsedConfig parsed, List<ConfigProblem> extra) {
        List<ConfigProblem> problems = new ArrayList<>(parsed.problems());
        problems.addAll(extra);
        boolean fileBroken = problems.stream().anyMatch(p -> p.connection() == null);
        Set<String> brokenConnections = problems.stream().map(ConfigProblem::connection)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        Map<String, ConnectionSpec> result = new LinkedHashMap<>();
        parsed.connections().forEach(c -> result.put(c.name(), c));
        List<String> kept = new ArrayList<>();
        for (ConnectionSpec old : previous.connections()) {
            if (!result.containsKey(old.name()) && (fileBroken || brokenConnections.contains(old.name()))) {
                result.put(old.name(), old);
                kept.add(old.name());
            }
        }
        List<ConfigIssue> issues = new ArrayList<>();
        for (ConfigProblem p : problems) {
            boolean keeps = p.connection() == null ? !kept.isEmpty() : kept.contains(p.connection());
            issues.add(new ConfigIssue(p.file(), p.connection(), p.toString(), keeps));
        }
        Map<String, String> match = fileBroken && !previous.connections().isEmpty() ? previous.match()
                : parsed.match();
        return new Effective(List.copyOf(result.values()), match, issues, parsed.notes());
    }
}
