package land.keen.ser2net.config;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import land.keen.ser2net.spec.ConnectionSpec;

/**
 * State shared by a file and every file it includes: ser2net reads includes "in context", so
 * defines, defaults and connection names carry across them. Also collects the results.
 */
final class ParseContext {

    final Defines defines;
    final Defaults defaults = new Defaults();
    final List<ConnectionSpec> connections = new ArrayList<>();
    final List<ConfigProblem> problems = new ArrayList<>();
    final Map<String, String> match = new LinkedHashMap<>();
    /** connection name → file that defined it, to refuse a second connection with the same name. */
    private final Map<String, String> names = new HashMap<>();
    /** Files being read, innermost last, to stop include cycles. */
    final Deque<Path> including = new ArrayDeque<>();
    final List<String> notes = new ArrayList<>();
    /** Files read and directories listed, in order, without repeats. */
    final Set<Path> inputs = new LinkedHashSet<>();

    ParseContext(Map<String, String> substitutions) {
        this.defines = new Defines(substitutions);
    }

    void problem(String file, String connection, String key, String message) {
        problems.add(new ConfigProblem(file, connection, key, message));
    }

    /** Adds a connection unless its name is taken; a clash is a problem on the later one. */
    void add(ConnectionSpec spec) {
        String first = names.putIfAbsent(spec.name(), spec.source());
        if (first != null) {
            problem(spec.source(), spec.name(), null, "duplicate connection name (already defined in " + first + ")");
            return;
        }
        connections.add(spec);
    }

    ParsedConfig result() {
        return new ParsedConfig(connections, problems, match, notes, List.copyOf(inputs));
    }
}
