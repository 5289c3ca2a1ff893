package land.keen.ser2net.spec;

import java.util.List;

/**
 * The ser2net options we support for a connection.
 *
 * @param kickOldUser    when full, drop the oldest client instead of refusing the new one
 * @param maxConnections how many clients may share the device (at least 1)
 * @param timeoutSeconds idle seconds before a client is closed; 0 = never
 * @param chardelay      ser2net's small delay batching device output (ser2net's default is true)
 * @param trace          ser2net's trace-read / trace-write / trace-both, or {@link TraceSpec#NONE}
 * @param remaddr        ser2net's remaddr: who may connect, as {@code HOST,PORT} / {@code CIDR,PORT} (port 0 = any);
 *                       empty = everyone
 * @param banner         text sent to each client on connect, with ser2net's escapes still in it; null for none
 * @param mdns           ser2net's mdns* options: the DNS-SD advert for this connection
 * @param socket         keepalive timing for this connection's clients; {@link SocketOptions#NONE}: the app's
 * @param deviceStrings  ser2net's openstr / closestr
 * @param signature      ser2net's signature: the answer to an RFC 2217 client's SIGNATURE query; null for ours
 */
public record ConnectionOptions(boolean kickOldUser, int maxConnections, int timeoutSeconds, boolean chardelay,
                                TraceSpec trace, List<String> remaddr, String banner,
                                MdnsSpec mdns, SocketOptions socket, DeviceStrings deviceStrings, String signature) {

    public ConnectionOptions {
        trace = trace == null ? TraceSpec.NONE : trace;
        remaddr = remaddr == null ? List.of() : List.copyOf(remaddr);
        mdns = mdns == null ? MdnsSpec.OFF : mdns;
        socket = socket == null ? SocketOptions.NONE : socket;
        deviceStrings = deviceStrings == null ? DeviceStrings.NONE : deviceStrings;
    }

    /** With the app-wide keepalive timing. */
    public ConnectionOptions(boolean kickOldUser, int maxConnections, int timeoutSeconds, boolean chardelay,
            TraceSpec trace, List<String> remaddr, String banner, MdnsSpec mdns) {
        this(kickOldUser, maxConnections, timeoutSeconds, chardelay, trace, remaddr, banner, mdns, SocketOptions.NONE,
                DeviceStrings.NONE, null);
    }

    public ConnectionOptions(boolean kickOldUser, int maxConnections, int timeoutSeconds, boolean chardelay) {
        this(kickOldUser, maxConnections, timeoutSeconds, chardelay, TraceSpec.NONE, List.of(), null, MdnsSpec.OFF,
                SocketOptions.NONE, DeviceStrings.NONE, null);
    }
}
