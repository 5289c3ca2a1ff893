package land.keen.ser2net.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import land.keen.ser2net.spec.ConnectionSpec;

/**
 * Everything a parse produced: the connections that parsed (disabled ones included, marked), the
 * problems found, the snippet's {@code match:} block (empty when there is none), notes (harmless
 * oddities worth one warning, such as an include glob that matches the including file) and the
 * inputs read: every file and every directory an include glob listed, so a caller can tell when
 * the result may have changed without parsing again.
 */
public record ParsedConfig(List<ConnectionSpec> connections, List<ConfigProblem> problems,
                           Map<String, String> match, List<String> notes, List<Path> inputs) {

    public ParsedConfig(List<ConnectionSpec> connections, List<ConfigProblem> problems, Map<String, String> match) {
        this(connections, problems, match, List.of(), List.of());
    }

    public ParsedConfig {
        connections = List.copyOf(connections);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        inputs = List.copyOf(inputs);
        // keep the written order: it reads better in logs and status pages
        match = Collections.unmodifiableMap(new LinkedHashMap<>(match));
    }
}
