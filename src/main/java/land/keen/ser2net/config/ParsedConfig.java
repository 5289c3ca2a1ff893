package land.keen.ser2net.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import land.keen.ser2net.spec.ConnectionSpec;

/**
 * Everything a parse produced: the connections that parsed (disabled ones included, marked), the
 * problems found, and the snippet's {@code match:} block (empty when there is none).
 */
public record ParsedConfig(List<ConnectionSpec> connections, List<ConfigProblem> problems,
                           Map<String, String> match) {

    public ParsedConfig {
        connections = List.copyOf(connections);
        problems = List.copyOf(problems);
        // keep the written order: it reads better in logs and status pages
        match = Collections.unmodifiableMap(new LinkedHashMap<>(match));
    }
}
