package land.keen.ser2net.config;

/**
 * How soon a client whose network vanished is dropped, for one connection (options {@code keepalive-idle},
 * {@code keepalive-interval}, {@code keepalive-count}, {@code tcp-user-timeout}, in seconds, or the same names under
 * {@code default:}). A null value: the app-wide setting ({@code ser2net.keepalive.*}).
 */
public record SocketOptions(Integer keepaliveIdle, Integer keepaliveInterval, Integer keepaliveCount,
                            Integer tcpUserTimeout) {

    public static final SocketOptions NONE = new SocketOptions(null, null, null, null);

    /** The option names, as written in ser2net.yaml. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("keepalive-idle", "keepalive-interval",
            "keepalive-count", "tcp-user-timeout");

    /** This with one option set from its ser2net.yaml name; the value is checked (at least 1; 0 allowed for the
     *  TCP user timeout, meaning the kernel's default). */
    SocketOptions with(String name, String value) {
        int v = YamlValues.uint(value, name);
        if (v < 1 && !name.equals("tcp-user-timeout")) {
            throw new ConfigException(name, "must be at least 1 second, not " + v);
        }
        return switch (name) {
            case "keepalive-idle" -> new SocketOptions(v, keepaliveInterval, keepaliveCount, tcpUserTimeout);
            case "keepalive-interval" -> new SocketOptions(keepaliveIdle, v, keepaliveCount, tcpUserTimeout);
            case "keepalive-count" -> new SocketOptions(keepaliveIdle, keepaliveInterval, v, tcpUserTimeout);
            case "tcp-user-timeout" -> new SocketOptions(keepaliveIdle, keepaliveInterval, keepaliveCount, v);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
