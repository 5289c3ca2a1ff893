package land.keen.ser2net.bridge;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission gate of every client connection of a bridge, the last handler before the bytes decoder (see
 * {@link PortPipeline}): a client is handed to the {@link Bridge}'s max-connections/kickolduser rules and the device
 * open once it is connected (after its TLS handshake, when there is one); its bytes are held until it is admitted.
 * It also ends a connection whose client hung up, tells the bridge about idle clients and writability, and keeps a
 * reset by peer from becoming a stack trace.
 */
@ChannelHandler.Sharable
final class ClientGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    /** What a client may send before it is admitted (before the device is open). */
    private static final int MAX_HELD_FROM_CLIENT = 64 * 1024;

    private static final AttributeKey<Held> HELD = AttributeKey.valueOf("ser2net.held");

    /** Bytes received before admission, replayed in order once admitted. */
    private static final class Held {
        final ChannelHandlerContext ctx;
        final Queue<ByteBuf> bufs = new ArrayDeque<>();
        /** Written on the network thread, read by the bridge's control thread. */
        volatile int bytes;
        /** Handed to the bridge for admission (at once, or once its TLS handshake succeeded). */
        boolean arrived;
        boolean admitted;
        /** The client hung up its sending side before it was admitted: its connection ends after the held bytes. */
        boolean inputEnded;

        Held(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }
    }

    private final Bridge bridge;

    ClientGate(Bridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Held held = new Held(ctx);
        ctx.channel().attr(HELD).set(held);
        if (ctx.pipeline().get(SslHandler.class) == null) {
            held.arrived = true;
            bridge.clientArrived(ctx.channel());
        } // else: once the handshake succeeded
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Held held = ctx.channel().attr(HELD).get();
        if (held != null && (held.admitted || held.bufs.isEmpty())) {
            drop(ctx.channel(), held);
        } // else: a client that sent a command and was reset before it was admitted; its bytes still go to the device
        bridge.clientLeft(ctx.channel());
        super.channelInactive(ctx);
    }

    private static void drop(Channel channel, Held held) {
        channel.attr(HELD).set(null);
        held.bufs.forEach(ByteBuf::release);
        held.bufs.clear();
    }

    /** Bytes the client sent before it was admitted, still held (0 once admitted). */
    int heldBytes(Channel channel) {
        Held held = channel.attr(HELD).get();
        return held == null || held.admitted ? 0 : held.bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        Held held = ctx.channel().attr(HELD).get();
        if (held != null && !held.admitted && msg instanceof ByteBuf buf) {
            held.bytes += buf.readableBytes();
            held.bufs.add(buf);
            if (held.bytes > MAX_HELD_FROM_CLIENT) {
                LOG.info("bridge {}: client {} sent {} bytes before it was admitted; closed", bridge.spec().name(),
                        Wording.address(ctx.channel()), held.bytes);
                // none of it goes to the device: the client was told no
                drop(ctx.channel(), held);
                ctx.close();
            }
            return;
        }
        forward(ctx, msg);
    }

    private void forward(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bridge.fromClient(ctx.channel(), buf);
            bridge.writer().chunk(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
        bridge.writer().pushBack(ctx.channel());
    }

    /**
     * Called by the bridge (on any thread) once the client is admitted and the device is open: on the client's network
     * thread its held bytes go on through the route and it is read from then on (or, if it hung up meanwhile, its
     * connection ends after them). A client that sent bytes and was reset before this ran has no pipeline left to
     * carry them: the future gives them back, for the bridge to write to the device itself (empty otherwise).
     */
    Future<byte[]> admitted(Channel channel) {
        return channel.eventLoop().submit(() -> {
            Held held = channel.attr(HELD).get();
            if (held == null) {
                return new byte[0];
            }
            if (!channel.isActive()) {
                return takeHeld(channel);
            }
            held.admitted = true;
            ByteBuf buf;
            while ((buf = held.bufs.poll()) != null) {
                forward(held.ctx, buf);
            }
            if (held.inputEnded) {
                // a command sent just before a hang-up went through the route like any other; now the client goes
                channel.close();
            } else {
                channel.config().setAutoRead(true);
            }
            return new byte[0];
        });
    }

    /** The held bytes of a client whose connection was reset before it was admitted, taken once. */
    private static byte[] takeHeld(Channel channel) {
        Held held = channel.attr(HELD).getAndSet(null);
        if (held == null) {
            return new byte[0];
        }
        byte[] all = new byte[held.bytes];
        int at = 0;
        for (ByteBuf buf : held.bufs) {
            int n = Math.min(buf.readableBytes(), all.length - at);
            buf.readBytes(all, at, n);
            at += n;
            buf.release();
        }
        held.bufs.clear();
        return at == all.length ? all : Arrays.copyOf(all, at);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            ClientSession.of(ctx.channel()).writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            // The client hung up (its FIN). ser2net ends the connection then, and so does this, except for a client
            // not admitted yet: channels allow half-closure (PortPipeline) so that its pipeline outlives the hang-up
            // and the bytes it sent before go through the bridge's route at admission (a script's `echo AT | nc`)
            // (a TLS client that hangs up before its handshake is done is simply gone)
            Held held = ctx.channel().attr(HELD).get();
            if (held != null && held.arrived && !held.admitted) {
                held.inputEnded = true;
            } else {
                ctx.close();
            }
            return;
        }
        if (evt instanceof IdleStateEvent) {
            bridge.clientIdle(ctx.channel());
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                Held held = ctx.channel().attr(HELD).get();
                if (held != null) {
                    held.arrived = true;
                }
                bridge.clientArrived(ctx.channel());
            } else {
                LOG.info("bridge {}: client {} refused: TLS handshake failed: {}", bridge.spec().name(),
                        Wording.address(ctx.channel()), Wording.reason(hs.cause()));
                bridge.stats().refused.incrementAndGet();
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof IOException && Wording.reason(cause).contains("timed out")) {
            // the kernel gave up on a peer that stopped answering: its network is gone (issue 9 §3)
            LOG.warn("bridge {}: client {} dropped: {}", bridge.spec().name(), Wording.address(ctx.channel()),
                    bridge.keepalive().describe());
            ctx.close();
            return;
        }
        if (cause instanceof IOException || cause instanceof io.netty.handler.codec.DecoderException) {
            // the client went away (reset by peer, broken pipe) or spoke garbage TLS: a disconnect, not an error
            LOG.debug("bridge {}: client {}: {}", bridge.spec().name(), Wording.address(ctx.channel()),
                    Wording.reason(cause));
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
