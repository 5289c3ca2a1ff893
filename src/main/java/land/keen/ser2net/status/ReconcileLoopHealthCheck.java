package land.keen.ser2net.status;

import java.util.Map;

import land.keen.ser2net.app.Reconciler;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness: the reconcile loop (discovery and bridge upkeep) still makes passes. A stalled loop is the one failure a
 * restart fixes; a broken device is not (it shows in readiness details instead).
 */
public class ReconcileLoopHealthCheck extends AbstractHealthCheck {

    private Reconciler reconciler;
    private long stallMillis = 30_000;
    private long lastTicks = -1;
    private long lastChange = System.currentTimeMillis();

    public ReconcileLoopHealthCheck() {
        super("ser2net", "reconcile-loop");
    }

    public void setReconciler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** How long without a pass counts as stalled. */
    public void setStallMillis(long stallMillis) {
        this.stallMillis = stallMillis;
    }

    /** Camel's checks are readiness-only unless they say otherwise. */
    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long ticks = reconciler.ticks();
        long now = System.currentTimeMillis();
        if (ticks != lastTicks) {
            lastTicks = ticks;
            lastChange = now;
        }
        builder.detail("reconcile.passes", ticks);
        // passes come on changes and at every resync: only several missed resyncs mean a stalled loop
        long limit = Math.max(stallMillis, 3 * reconciler.resyncInterval());
        if (now - lastChange > limit) {
            builder.message("no reconcile pass for " + (now - lastChange) + " ms");
            builder.down();
        } else {
            builder.up();
        }
    }
}
