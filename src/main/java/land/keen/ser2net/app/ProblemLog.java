package land.keen.ser2net.app;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;

/**
 * Logs configuration problems once, when they appear, although the reconcile loop finds them again on every pass;
 * one that went away and comes back is logged again.
 */
final class ProblemLog {

    private final Logger log;
    private Set<String> inForce = Set.of();

    ProblemLog(Logger log) {
        this.log = log;
    }

    /** The problems found by this pass, each a complete line naming file, connection and key. */
    void report(Collection<String> problems) {
        Set<String> now = new LinkedHashSet<>(problems);
        for (String p : now) {
            if (!inForce.contains(p)) {
                log.error("{}", p);
            }
        }
        inForce = now;
    }
}
