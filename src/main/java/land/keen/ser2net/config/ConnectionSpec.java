package land.keen.ser2net.config;

/**
 * One parsed ser2net connection: a TCP accepter bridged to a serial device.
 *
 * @param name    the connection's name (anchor / v2 key, or derived from the port), restricted to
 *                [A-Za-z0-9_.-] so it can be used in Camel route ids
 * @param source  the file it came from
 * @param enabled false when the config says {@code enable: off}
 * @param service our extension: a service name for publishing (nullable)
 */
public record ConnectionSpec(String name, String source, boolean enabled, AccepterSpec accepter,
                             SerialLineSpec line, ConnectionOptions options, String service) {
}
