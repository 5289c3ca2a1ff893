package land.keen.ser2net.config;

/**
 * The ser2net options we support for a connection.
 *
 * @param kickOldUser    when full, drop the oldest client instead of refusing the new one
 * @param maxConnections how many clients may share the device (at least 1)
 * @param timeoutSeconds idle seconds before a client is closed; 0 = never
 * @param chardelay      ser2net's small delay batching device output (ser2net's default is true)
 * @param trace          ser2net's trace-read / trace-write / trace-both, or {@link TraceSpec#NONE}
 */
public record ConnectionOptions(boolean kickOldUser, int maxConnections, int timeoutSeconds, boolean chardelay,
                                TraceSpec trace) {

    public ConnectionOptions {
        trace = trace == null ? TraceSpec.NONE : trace;
    }

    public ConnectionOptions(boolean kickOldUser, int maxConnections, int timeoutSeconds, boolean chardelay) {
        this(kickOldUser, maxConnections, timeoutSeconds, chardelay, TraceSpec.NONE);
    }
}
