package land.keen.ser2net.status;

import java.util.Map;

import land.keen.ser2net.app.Reconciler;
import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.BridgeManager;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: ready once the first reconcile pass has put up the bridges. Each bridge's state is reported in the
 * details (read from its routes, so a bridge an operator stopped shows as stopped); a bridge whose device fails, or
 * that an operator stopped, stays a detail, never a reason to restart the pod.
 */
public class BridgesHealthCheck extends AbstractHealthCheck {

    private BridgeManager bridges;
    private Reconciler reconciler;

    public BridgesHealthCheck() {
        super("ser2net", "bridges");
    }

    public void setBridges(BridgeManager bridges) {
        this.bridges = bridges;
    }

    public void setReconciler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        for (Bridge b : bridges.bridges()) {
            String error = b.stats().lastError();
            builder.detail("bridge." + b.spec().name(), ":" + b.spec().port() + " " + b.spec().device() + " "
                                                        + b.state().words()
                                                        + (error == null ? "" : " (last error: " + error + ")"));
        }
        for (BridgeManager.Failure f : bridges.failures()) {
            builder.detail("bridge." + f.spec().name(), "not running: " + f.reason());
        }
        // a typo is not an outage: shown here, readiness stays up
        int n = 0;
        for (land.keen.ser2net.app.ConfigIssue issue : reconciler.configIssues()) {
            builder.detail("config.problem." + (++n), issue.message()
                    + (issue.keptLastGood() ? " (the last good version keeps running)" : ""));
        }
        for (Reconciler.RefusedConnection r : reconciler.refusedConnections()) {
            builder.detail("connection." + r.name(), "refused: " + r.reason());
        }
        if (reconciler.ticks() > 0) {
            builder.up();
        } else {
            builder.message("waiting for the first reconcile pass");
            builder.down();
        }
    }
}
