package land.keen.ser2net.spec;

/**
 * One ser2net connection: a TCP accepter bridged to a serial device. A value: two specs are equal exactly when every
 * setting is, which is what decides whether a running bridge must restart.
 *
 * @param name    the connection's name (anchor / v2 key, or derived from the port), restricted to
 *                [A-Za-z0-9_.-] so it can be used in Camel route ids
 * @param source  the file it came from
 * @param enabled false when the config says {@code enable: off}
 * @param device  the device path after substitutions (e.g. /dev/ttyUSB0)
 * @param service our extension: a service name for publishing (nullable)
 */
public record ConnectionSpec(String name, String source, boolean enabled, AccepterSpec accepter, String device,
                             LineSettings line, ConnectionOptions options, String service) {

    /** The same connection serving another device node (a snippet's DEVNODE filled in by discovery). */
    public ConnectionSpec withDevice(String node) {
        return new ConnectionSpec(name, source, enabled, accepter, node, line, options, service);
    }
}
