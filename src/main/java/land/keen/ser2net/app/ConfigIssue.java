package land.keen.ser2net.app;

/**
 * A configuration problem in force, as operators see it in /ports, health and metrics.
 *
 * @param file       the file it is in
 * @param connection the connection it concerns, or null for the whole file (e.g. a YAML syntax error)
 * @param message    the complete one-line message, naming file, connection and key
 * @param keptLastGood true when the last good version of the connection (or of every connection of the file) keeps
 *                   running because of it
 */
public record ConfigIssue(String file, String connection, String message, boolean keptLastGood) {
}
