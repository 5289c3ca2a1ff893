package land.keen.ser2net.config;

/**
 * One thing wrong with a configuration: a user mistake or something ser2net accepts that we do not
 * support yet. The parser reports these instead of throwing, so one bad connection never hides the
 * others.
 *
 * @param file       the file (as given, or the source name) the problem is in
 * @param connection the connection it belongs to, or null for file-level problems
 * @param key        the YAML key involved (e.g. {@code connector}), or null
 * @param message    what is wrong, for a human
 */
public record ConfigProblem(String file, String connection, String key, String message) {

    /** One line: {@code file: connection NAME: KEY: message}, leaving out the parts that are null. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (connection != null) {
            sb.append(": connection ").append(connection);
        }
        if (key != null) {
            sb.append(": ").append(key);
        }
        return sb.append(": ").append(message).toString();
    }
}
