package land.keen.ser2net.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the matcher decided for one scan. Every device given to the matcher appears exactly once:
 * in an assignment, in a refusal, or among the unmatched. All lists are in a deterministic order
 * (devices by tty name, port conflicts by port).
 *
 * @param assignments   devices that get a bridge, each with the one snippet that serves it
 * @param ambiguous     devices refused because snippets tie for them
 * @param portConflicts groups of devices refused because they would share a TCP port
 * @param unmatched     devices no snippet matches (normal: not every serial port is a stick)
 */
public record MatchOutcome(List<Assignment> assignments, List<Refusal> ambiguous,
                           List<Refusal> portConflicts, List<SerialDevice> unmatched) {

    /** A device and the snippet that serves it. */
    public record Assignment(SerialDevice device, SnippetCandidate snippet) {
    }

    public MatchOutcome {
        assignments = List.copyOf(assignments);
        ambiguous = List.copyOf(ambiguous);
        portConflicts = List.copyOf(portConflicts);
        unmatched = List.copyOf(unmatched);
    }

    /** Assignments as device → snippet, in assignment order. */
    public Map<SerialDevice, SnippetCandidate> assignmentMap() {
        Map<SerialDevice, SnippetCandidate> map = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            map.put(a.device(), a.snippet());
        }
        return map;
    }

    /** Ambiguities first, then port conflicts. */
    public List<Refusal> refusals() {
        List<Refusal> all = new ArrayList<>(ambiguous);
        all.addAll(portConflicts);
        return List.copyOf(all);
    }
}
