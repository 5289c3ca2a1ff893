package land.keen.ser2net.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * What users read about bridges and their clients: ser2net's own refusal texts (clients and scripts match on them), the
 * reason of a failure in the device's or the OS's words rather than Camel's wrapping, and client addresses as
 * {@code host:port}.
 */
final class Wording {

    static final String PORT_IN_USE = "Port already in use\r\n";
    static final String OPEN_FAILURE = "Device open failure: ";
    static final String KICKED = "kicked off, new user is coming\r\n";
    static final String DEVICE_IN_USE = "Port's device already in use\r\n";

    private Wording() {
    }

    /** Tells the client why, in ser2net's words, then closes it. */
    static void refuse(Channel channel, String text) {
        channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** The words a user should see: the device's own error, not Camel's wrapping. */
    static String reason(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        Throwable t = e;
        while (t != null) {
            if (t instanceof IOException && t.getMessage() != null) {
                return t.getMessage();
            }
            t = t.getCause();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    static String address(Channel channel) {
        return address(channel.remoteAddress());
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            return uriHost(inet.getAddress().getHostAddress()) + ":" + inet.getPort();
        }
        return String.valueOf(a);
    }

    /** A host as a URI and an address:port line write it: an IPv6 literal in brackets ({@code [::1]}). */
    static String uriHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
