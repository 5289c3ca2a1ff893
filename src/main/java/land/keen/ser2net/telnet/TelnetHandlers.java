package land.keen.ser2net.telnet;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

/** Putting the telnet layer into a pipeline, and reaching it from a bridge that only has the channel. */
public final class TelnetHandlers {

    /** Name of the handler in the pipeline. */
    public static final String NAME = "telnet";

    private TelnetHandlers() {
    }

    /**
     * Adds a fresh {@link TelnetHandler} next to the socket: right after an {@link SslHandler} if there is one,
     * else first. It must see the raw TCP bytes before any codec turns them into messages, and its escaping
     * must be the last thing done to device data before the socket (or TLS).
     *
     * @param rfc2217 serve COM-PORT-OPTION (ser2net's {@code telnet(rfc2217)}); false refuses it (plain {@code telnet})
     * @param control the serial port; may be null when {@code rfc2217} is false
     */
    public static TelnetHandler install(ChannelPipeline pipeline, boolean rfc2217, SerialControl control) {
        TelnetHandler handler = new TelnetHandler(rfc2217, control);
        String ssl = null;
        for (var e : pipeline) {
            if (e.getValue() instanceof SslHandler) {
                ssl = e.getKey();
                break;
            }
        }
        if (ssl != null) {
            pipeline.addAfter(ssl, NAME, handler);
        } else {
            pipeline.addFirst(NAME, handler);
        }
        return handler;
    }

    /** The channel's telnet handler, or null if it has none. */
    public static TelnetHandler get(Channel channel) {
        ChannelHandler h = channel.pipeline().get(NAME);
        if (h instanceof TelnetHandler t) {
            return t;
        }
        return channel.pipeline().get(TelnetHandler.class);
    }

    /** See {@link TelnetHandler#pollModemState()}; does nothing for a channel without telnet. Any thread. */
    public static void pollModemState(Channel channel) {
        TelnetHandler t = get(channel);
        if (t != null) {
            t.pollModemState();
        }
    }

    /** True while the client of this channel has suspended flow (RFC 2217 FLOWCONTROL-SUSPEND). Any thread. */
    public static boolean isSuspended(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(TelnetHandler.SUSPENDED).get());
    }
}
