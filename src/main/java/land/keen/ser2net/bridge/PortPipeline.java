package land.keen.ser2net.bridge;

import java.net.InetSocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.bytes.ByteArrayDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.telnet.SerialControl;
import land.keen.ser2net.telnet.TelnetHandlers;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.component.netty.handlers.ServerChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a client's bytes on one bridge's port, built in one place from the accepter's layers, as gensio stacks
 * them: socket → [idle timer] → [TLS] → [telnet / RFC 2217] → {@link ClientGate} → bytes → Camel's
 * {@link ServerChannelHandler} (the network route). A client that {@code remaddr} refuses is told so in plain text
 * before any of these exist: no TLS handshake, no telnet negotiation.
 * <p>
 * camel-netty's sanctioned seam ({@code serverInitializerFactory=#pipeline}): Camel asks for one instance per
 * consumer and calls {@link #initChannel} for every accepted client.
 */
final class PortPipeline extends ServerInitializerFactory {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    static final String ACCESS_DENIED = "Accessed denied due to your net address\r\n";
    /** High-water mark of device output queued for one client; see {@link ClientSession#tooSlow}. */
    static final int MAX_PENDING_TO_CLIENT = 1024 * 1024;

    private final Bridge bridge;
    private final RemoteFilter remotes;
    private final SslContext tls;
    private final AccepterSpec.Telnet telnet;
    private final SerialControl serialControl;
    private final NettyConsumer consumer;

    PortPipeline(Bridge bridge, RemoteFilter remotes, SslContext tls, AccepterSpec.Telnet telnet,
            SerialControl serialControl) {
        this(bridge, remotes, tls, telnet, serialControl, null);
    }

    private PortPipeline(Bridge bridge, RemoteFilter remotes, SslContext tls, AccepterSpec.Telnet telnet,
            SerialControl serialControl, NettyConsumer consumer) {
        this.bridge = bridge;
        this.remotes = remotes;
        this.tls = tls;
        this.telnet = telnet;
        this.serialControl = serialControl;
        this.consumer = consumer;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer nettyConsumer) {
        return new PortPipeline(bridge, remotes, tls, telnet, serialControl, nettyConsumer);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (remotes != null && ch.remoteAddress() instanceof InetSocketAddress remote && !remotes.allows(remote)) {
            LOG.info("bridge {}: client {} refused: address not allowed by remaddr", bridge.spec().name(),
                    Wording.address(ch));
            bridge.stats().refused.incrementAndGet();
            Wording.refuse(ch, ACCESS_DENIED);
            return;
        }
        bridge.keepalive().apply(ch);
        // a client's hang-up is a user event, not a close, so a client held before admission keeps its pipeline and
        // its last bytes take the route; ClientGate ends the connection on it (as ser2net does)
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(MAX_PENDING_TO_CLIENT / 4, MAX_PENDING_TO_CLIENT));
        ChannelPipeline p = ch.pipeline();
        int idleSeconds = bridge.spec().options().timeoutSeconds();
        if (idleSeconds > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, idleSeconds));
        }
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
        }
        if (telnet != AccepterSpec.Telnet.NONE) {
            TelnetHandlers.install(p, telnet == AccepterSpec.Telnet.RFC2217, serialControl);
        }
        p.addLast("gate", bridge.gate());
        p.addLast("bytes", new ByteArrayDecoder());
        p.addLast("handler", new ServerChannelHandler(consumer));
    }
}
