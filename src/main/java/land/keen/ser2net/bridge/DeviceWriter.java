package land.keen.ser2net.bridge;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.netty.channel.Channel;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Where one bridge's writes to its device run (the network route's {@code threads} step): a thread of the bridge's
 * own, started when a client writes and ended after a few idle seconds, so the network threads shared by every
 * bridge never block on a device that is slow to take its bytes (driver buffer full), and an idle bridge has no
 * thread at all. One thread keeps the clients' bytes in order.
 * <p>
 * A small chunk (a Zigbee or Z-Wave frame) for a device whose driver has sent everything is written at once by the
 * network thread instead: such a write finds room and cannot block, and it saves a thread wake-up on every round
 * trip.
 * <p>
 * A slow device holds up only its own clients: past {@link #HIGH_WATER} chunks waiting, a client that sends more is
 * paused (its socket not read, so TCP pushes back on the sender) until the device has caught up to
 * {@link #LOW_WATER}.
 */
final class DeviceWriter extends AbstractExecutorService {

    /** Chunks (one socket read each, at most 64 KiB) waiting for the device before its clients are paused. */
    static final int HIGH_WATER = 16;
    static final int LOW_WATER = 4;
    /** A chunk up to this size, for a device whose driver is drained, is written at once by the network thread. */
    static final int INLINE_MAX_BYTES = 512;
    /** A thread idle this long ends; the next write starts a new one. */
    private static final long IDLE_SECONDS = 5;

    private final ExecutorService thread;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<Channel> paused = ConcurrentHashMap.newKeySet();
    private final BooleanSupplier deviceDrained;
    /** The size of the chunk the calling network thread is about to hand on (see {@link #chunk}). */
    private final ThreadLocal<int[]> nextChunk = ThreadLocal.withInitial(() -> new int[1]);

    DeviceWriter(CamelContext context, Object owner, String name, BooleanSupplier deviceDrained) {
        this.thread = onDemandThread(context, owner, "DeviceWriter[" + name + "]", IDLE_SECONDS);
        this.deviceDrained = deviceDrained;
    }

    /** Called by the network thread just before it hands a chunk of {@code bytes} to the route. */
    void chunk(int bytes) {
        nextChunk.get()[0] = bytes;
    }

    /**
     * One thread from Camel's ExecutorServiceManager that exists only while there is work: started by a task, ended
     * after {@code idleSeconds} without one. Tasks run in order; none is ever run on the caller's thread.
     */
    static ExecutorService onDemandThread(CamelContext context, Object owner, String name, long idleSeconds) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("ser2net-on-demand").poolSize(1).maxPoolSize(1)
                .keepAliveTime(idleSeconds, TimeUnit.SECONDS).allowCoreThreadTimeOut(true)
                // a bounded or zero queue would hand a second task to the caller (CallerRuns) or a second thread
                .maxQueueSize(Integer.MAX_VALUE).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build();
        return context.getExecutorServiceManager().newThreadPool(owner, name, profile);
    }

    @Override
    public void execute(Runnable write) {
        int[] size = nextChunk.get();
        int bytes = size[0];
        size[0] = 0;
        if (bytes > 0 && bytes <= INLINE_MAX_BYTES && waiting.get() == 0 && deviceDrained.getAsBoolean()) {
            // latency first: a small frame for a device with room goes out now, without waking another thread
            // (the room means the write cannot block; nothing queued means the order is kept)
            write.run();
            return;
        }
        waiting.incrementAndGet();
        try {
            thread.execute(() -> {
                try {
                    write.run();
                } finally {
                    if (waiting.decrementAndGet() <= LOW_WATER && !paused.isEmpty()) {
                        resumeAll();
                    }
                }
            });
        } catch (RuntimeException rejected) {
            waiting.decrementAndGet();
            throw rejected;
        }
    }

    /** Called on the client's network thread after it handed bytes on: pauses it while the device is behind. */
    void pushBack(Channel client) {
        if (waiting.get() <= HIGH_WATER) {
            return;
        }
        client.config().setAutoRead(false);
        paused.add(client);
        // the device may have caught up between the look and the pause: then nobody else would resume it
        if (waiting.get() <= LOW_WATER) {
            resumeAll();
        }
    }

    private void resumeAll() {
        for (Channel client : paused) {
            if (paused.remove(client)) {
                client.config().setAutoRead(true);
            }
        }
    }

    /** A client that left is not resumed. */
    void forget(Channel client) {
        paused.remove(client);
    }

    /** Chunks handed on and not yet written to the device. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Waits, at most {@code millis}, until every chunk handed on so far is written: before the device closes after the
     * last client, whose last bytes may still be queued here.
     */
    void awaitWritten(long millis) {
        if (waiting.get() == 0) {
            return;
        }
        try {
            // one thread runs the tasks in order: when this one runs, the ones before it have
            thread.submit(() -> { }).get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            // a device stuck in flow control: it closes with what it could take
        }
    }

    @Override
    public void shutdown() {
        thread.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return thread.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return thread.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.awaitTermination(timeout, unit);
    }
}
