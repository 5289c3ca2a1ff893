package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.CR;
import static land.keen.ser2net.telnet.Telnet.IAC;
import static land.keen.ser2net.telnet.Telnet.LF;
import static land.keen.ser2net.telnet.Telnet.NUL;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * Device data on its way to one client: telnet escaping, and the hold-back queue used while the client has
 * suspended flow. Lives on the channel's event loop, like its handler.
 */
final class OutboundData {

    private final int maxHeldBytes;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean binary;     // client accepted our WILL BINARY: bytes go as they are
    private boolean crPending;  // outside BINARY the last byte sent was CR: the next must be LF or NUL
    private long heldBytes;
    private long droppedBytes;

    OutboundData(int maxHeldBytes) {
        this.maxHeldBytes = maxHeldBytes;
    }

    void setBinary(boolean binary) {
        this.binary = binary;
        crPending = false;
    }

    boolean binary() {
        return binary;
    }

    long heldBytes() {
        return heldBytes;
    }

    long droppedBytes() {
        return droppedBytes;
    }

    /**
     * Doubles IAC and, outside BINARY, turns a CR not followed by LF into CR NUL (RFC 854). Takes ownership
     * of {@code buf}; returns it unchanged when nothing needs escaping, so the usual binary case copies nothing.
     */
    ByteBuf encode(ByteBufAllocator alloc, ByteBuf buf) {
        int from = buf.readerIndex();
        int to = buf.writerIndex();
        if (binary && buf.indexOf(from, to, (byte) IAC) < 0) {
            return buf;
        }
        ByteBuf out = alloc.buffer(to - from + 16);
        try {
            for (int i = from; i < to; i++) {
                int b = buf.getByte(i) & 0xFF;
                if (crPending) {
                    crPending = false;
                    if (b != LF) {
                        out.writeByte(NUL);
                    }
                }
                out.writeByte(b);
                if (b == IAC) {
                    out.writeByte(IAC);
                } else if (b == CR && !binary) {
                    crPending = true;
                }
            }
        } finally {
            buf.release();
        }
        return out;
    }

    /**
     * Keeps encoded data for later; past the bound it is dropped like a UART overrun, because a client that
     * stays suspended must not make the server buffer without end.
     *
     * @return false if it was dropped
     */
    boolean hold(ByteBuf encoded, ChannelPromise promise) {
        int n = encoded.readableBytes();
        if (heldBytes + n > maxHeldBytes) {
            droppedBytes += n;
            encoded.release();
            // success, not failure: a failed write would look like a broken connection to the bridge
            promise.trySuccess();
            return false;
        }
        heldBytes += n;
        held.add(new Held(encoded, promise));
        return true;
    }

    /** Writes what was held, in order (the caller flushes). */
    void writeHeld(ChannelHandlerContext ctx) {
        Held h;
        while ((h = held.poll()) != null) {
            ctx.write(h.buf, h.promise);
        }
        heldBytes = 0;
    }

    /** The channel is gone: free what was held and fail its writes. */
    void discard() {
        Held h;
        while ((h = held.poll()) != null) {
            h.buf.release();
            h.promise.tryFailure(new ClosedChannelException());
        }
        heldBytes = 0;
    }

    private record Held(ByteBuf buf, ChannelPromise promise) {
    }
}
