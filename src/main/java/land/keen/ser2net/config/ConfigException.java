package land.keen.ser2net.config;

/**
 * Internal signal that one item (a connection, a default, a define) is unusable. It never leaves the
 * package: the walker catches it and turns it into a {@link ConfigProblem}, then carries on.
 */
final class ConfigException extends RuntimeException {

    private final String key;

    ConfigException(String key, String message) {
        super(message, null, false, false);
        this.key = key;
    }

    /** The YAML key the problem is about, or null. */
    String key() {
        return key;
    }
}
