package land.keen.ser2net.app;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;

/**
 * Logs problems once, when they appear, although the reconcile loop finds them again on every pass; one that went
 * away and comes back is logged again, and one that clears is logged as resolved.
 */
final class ProblemLog {

    private final Logger log;
    private final boolean error;
    private Set<String> inForce = Set.of();

    ProblemLog(Logger log) {
        this(log, true);
    }

    private ProblemLog(Logger log, boolean error) {
        this.log = log;
        this.error = error;
    }

    /** For harmless oddities: logged once at WARN. */
    static ProblemLog warnings(Logger log) {
        return new ProblemLog(log, false);
    }

    /** The problems found by this pass, each a complete line naming file, connection and key. */
    void report(Collection<String> problems) {
        Set<String> now = new LinkedHashSet<>(problems);
        for (String p : now) {
            if (!inForce.contains(p)) {
                if (error) {
                    log.error("{}", p);
                } else {
                    log.warn("{}", p);
                }
            }
        }
        for (String p : inForce) {
            if (!now.contains(p) && error) {
                log.info("resolved: {}", p);
            }
        }
        inForce = now;
    }

    /** A single condition (a missing folder, an unreadable directory): logged when it appears, changes or clears. */
    void report(String problemOrNull) {
        report(problemOrNull == null ? Set.of() : Set.of(problemOrNull));
    }
}
