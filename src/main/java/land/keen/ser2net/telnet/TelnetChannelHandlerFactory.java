package land.keen.ser2net.telnet;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import org.apache.camel.component.netty.ChannelHandlerFactory;

/**
 * For camel-netty's {@code encoders=} option: makes one {@link TelnetHandler} per connection. List it
 * <em>first</em> among the encoders ({@code encoders=#telnet,#bytes}): Camel adds encoders right after TLS
 * and before the decoders, which is exactly where the telnet layer must sit, in both directions.
 */
public final class TelnetChannelHandlerFactory extends ChannelHandlerAdapter implements ChannelHandlerFactory {

    private final boolean rfc2217;
    private final SerialControl control;

    public TelnetChannelHandlerFactory(boolean rfc2217, SerialControl control) {
        if (rfc2217 && control == null) {
            throw new IllegalArgumentException("RFC 2217 needs a SerialControl");
        }
        this.rfc2217 = rfc2217;
        this.control = control;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new TelnetHandler(rfc2217, control);
    }
}
