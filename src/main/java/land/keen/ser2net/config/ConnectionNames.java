package land.keen.ser2net.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * A version 1 connection without an anchor gets a name derived from its accepter, which stays the same across
 * restarts as long as the port does. (Declared names are kept as written, whatever characters they hold.)
 */
final class ConnectionNames {

    private ConnectionNames() {
    }

    static String sanitize(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_.-]", "-");
        return clean.isEmpty() ? "-" : clean;
    }

    /** {@code tcp-6639}, {@code tcp-127.0.0.1-6639}; {@code connection-N} if the accepter is unusable. */
    static String derive(ConnectionReader reader, MappingNode connection, int position) {
        try {
            String accepter = reader.accepterText(connection);
            if (accepter != null) {
                AccepterParser.Syntax spec = AccepterParser.parse(accepter);
                return sanitize("tcp-" + (spec.host() == null ? "" : spec.host() + "-") + spec.port());
            }
        } catch (ConfigException e) {
            // the full read reports what is wrong with the accepter; here we only need a name
        }
        return "connection-" + position;
    }
}
