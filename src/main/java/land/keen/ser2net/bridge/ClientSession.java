package land.keen.ser2net.bridge;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** One connected client as /ports shows it: who, since when, how many bytes each way. */
public final class ClientSession {

    static final AttributeKey<ClientSession> KEY = AttributeKey.valueOf("ser2net.client");

    private final String remote;
    private final Instant since = Instant.now();
    final AtomicLong bytesToDevice = new AtomicLong();
    final AtomicLong bytesFromDevice = new AtomicLong();
    /** When its outbound queue last went over the high-water mark without draining below the low one; 0 = not. */
    volatile long unwritableSinceNanos;

    /** Stuck over the high-water mark this long means the client stopped reading (or reads far too slowly). */
    static final long STALL_NANOS = 2_000_000_000L;
    /**
     * Past this, drop at once: memory is bounded whatever the device's speed. A quarter of the heap (the queue lives
     * there), between 1 and 64 MiB: 8 MiB with -Xmx32m. At serial speeds the stall rule always comes first; only a
     * pty can outrun a client that fast.
     */
    static final long HARD_LIMIT_BYTES = Math.max(1L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 4));

    ClientSession(String remote) {
        this.remote = remote;
    }

    static ClientSession of(Channel channel) {
        ClientSession s = channel.attr(KEY).get();
        if (s == null) {
            s = new ClientSession(Wording.address(channel));
            ClientSession raced = channel.attr(KEY).setIfAbsent(s);
            if (raced != null) {
                s = raced;
            }
        }
        return s;
    }

    /**
     * Called while the channel is not writable: true once it has stayed so for {@link #STALL_NANOS} or holds more
     * than {@link #HARD_LIMIT_BYTES}. A client that keeps reading drains below the low-water mark now and then,
     * which resets the clock ({@link #writable()}).
     */
    boolean tooSlow(Channel channel) {
        long now = System.nanoTime();
        if (unwritableSinceNanos == 0) {
            unwritableSinceNanos = now;
        }
        return now - unwritableSinceNanos > STALL_NANOS || pending(channel) > HARD_LIMIT_BYTES;
    }

    void writable() {
        unwritableSinceNanos = 0;
    }

    static long pending(Channel channel) {
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    public String remote() {
        return remote;
    }

    public Instant since() {
        return since;
    }

    public long bytesToDevice() {
        return bytesToDevice.get();
    }

    public long bytesFromDevice() {
        return bytesFromDevice.get();
    }
}
