package land.keen.ser2net.spec;

import java.util.Set;

/**
 * How soon a client whose network vanished is dropped, for one connection (options {@code keepalive-idle},
 * {@code keepalive-interval}, {@code keepalive-count}, {@code tcp-user-timeout}, in seconds, or the same names under
 * {@code default:}). A null value: the app-wide setting ({@code ser2net.keepalive.*}).
 */
public record SocketOptions(Integer keepaliveIdle, Integer keepaliveInterval, Integer keepaliveCount,
                            Integer tcpUserTimeout) {

    public static final SocketOptions NONE = new SocketOptions(null, null, null, null);

    /** The option names, as written in ser2net.yaml. */
    public static final Set<String> NAMES = Set.of("keepalive-idle", "keepalive-interval", "keepalive-count",
            "tcp-user-timeout");

    /** This with one option set, by its ser2net.yaml name. */
    public SocketOptions with(String name, int seconds) {
        return switch (name) {
            case "keepalive-idle" -> new SocketOptions(seconds, keepaliveInterval, keepaliveCount, tcpUserTimeout);
            case "keepalive-interval" -> new SocketOptions(keepaliveIdle, seconds, keepaliveCount, tcpUserTimeout);
            case "keepalive-count" -> new SocketOptions(keepaliveIdle, keepaliveInterval, seconds, tcpUserTimeout);
            case "tcp-user-timeout" -> new SocketOptions(keepaliveIdle, keepaliveInterval, keepaliveCount, seconds);
            default -> throw new IllegalArgumentException("not a socket option: " + name);
        };
    }
}
