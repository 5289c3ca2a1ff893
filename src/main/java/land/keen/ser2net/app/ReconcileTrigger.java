package land.keen.ser2net.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the reconcile loop runs between its slow safety resyncs (the {@code ser2net-reconcile} timer): at once when
 * the {@link ChangeWatch} sees a folder change, again one {@code ser2net.scan-interval} later while a changed file has
 * not held still yet, and every scan-interval for as long as some folder cannot be watched. A node where nothing
 * changes makes no pass at all until the next resync.
 */
final class ReconcileTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");
    /** Coalesces a burst of events (a stick brings several nodes; an editor writes a file in steps). */
    private static final long SOON_MILLIS = 20;

    private final CamelContext context;
    private final Runnable pass;
    private final long scanMillis;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService watchThread;
    private final ChangeWatch watch;
    private final AtomicBoolean soon = new AtomicBoolean();
    private final AtomicBoolean later = new AtomicBoolean();

    ReconcileTrigger(CamelContext context, Runnable pass, long scanMillis) {
        this.context = context;
        this.pass = pass;
        this.scanMillis = scanMillis;
        this.scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ser2net-reconcile");
        ChangeWatch w = null;
        try {
            w = new ChangeWatch(this::changed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch for changes ({}): looking every {} ms instead", e.getMessage(), scanMillis);
        }
        this.watch = w;
        if (watch != null) {
            watchThread = context.getExecutorServiceManager().newSingleThreadExecutor(this, "ser2net-watch");
            watchThread.execute(watch::run);
        } else {
            watchThread = null;
        }
    }

    /** Something may have changed: a pass soon. */
    void changed() {
        if (soon.compareAndSet(false, true)) {
            schedule(soon, SOON_MILLIS);
        }
    }

    /** After each pass: watch what it looked at; look again soon if it must. */
    void passDone(Set<Path> folders, boolean settling) {
        boolean watched = watch != null && watch.watch(folders);
        if ((settling || !watched) && later.compareAndSet(false, true)) {
            schedule(later, scanMillis);
        }
    }

    private void schedule(AtomicBoolean flag, long delayMillis) {
        try {
            scheduler.schedule(() -> {
                flag.set(false);
                pass.run();
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            flag.set(false); // stopping
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        context.getExecutorServiceManager().shutdownNow(scheduler);
        if (watchThread != null) {
            context.getExecutorServiceManager().shutdownNow(watchThread);
        }
    }
}
