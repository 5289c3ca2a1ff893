package land.keen.ser2net.bridge;

import java.io.IOException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every client connection of a bridge (the netty endpoint's first decoder): reports arrivals and
 * departures to the {@link Bridge}, closes idle clients, and keeps a reset by peer from becoming a stack trace.
 */
@ChannelHandler.Sharable
final class ClientGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientGate.class);

    private final Bridge bridge;
    private final int idleSeconds;

    ClientGate(Bridge bridge, int idleSeconds) {
        this.bridge = bridge;
        this.idleSeconds = idleSeconds;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (idleSeconds > 0) {
            ctx.pipeline().addFirst("idle", new IdleStateHandler(0, 0, idleSeconds));
        }
        bridge.clientArrived(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        bridge.clientLeft(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            bridge.fromClient(ctx.channel(), buf);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            bridge.clientIdle(ctx.channel());
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof IOException) {
            // the client went away (reset by peer, broken pipe): a disconnect, not an error
            LOG.debug("bridge {}: client {}: {}", bridge.spec().name(), Bridge.address(ctx.channel()),
                    cause.getMessage());
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
