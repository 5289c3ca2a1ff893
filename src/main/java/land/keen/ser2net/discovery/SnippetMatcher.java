package land.keen.ser2net.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides which snippet serves which device. Pure function of its inputs: no I/O, no state, so the
 * same scan and snippets always give the same outcome, in the same order.
 *
 * <p>Two passes. First, per device, the matching snippets with the highest
 * {@link MatchRule#specificity()} are kept: exactly one → that snippet; several → the device is
 * refused as ambiguous; none → unmatched. Second, the surviving assignments are grouped by TCP port:
 * a port wanted by two or more devices is refused for all of them (two identical FTDI adapters under
 * one {@code vvvv:pppp} snippet must not race for port 3333, and picking one would be a silent guess
 * that flips with plug order). Devices on other ports are unaffected.
 */
public final class SnippetMatcher {

    private static final Comparator<SerialDevice> BY_TTY =
            Comparator.comparing(SerialDevice::tty, SysfsScanner.TTY_ORDER);

    private SnippetMatcher() {
    }

    public static MatchOutcome match(List<SnippetCandidate> snippets, List<SerialDevice> devices) {
        List<SerialDevice> ordered = new ArrayList<>(devices);
        ordered.sort(BY_TTY);

        List<MatchOutcome.Assignment> tentative = new ArrayList<>();
        List<Refusal> ambiguous = new ArrayList<>();
        List<SerialDevice> unmatched = new ArrayList<>();
        for (SerialDevice device : ordered) {
            List<SnippetCandidate> best = bestMatches(snippets, device);
            if (best.isEmpty()) {
                unmatched.add(device);
            } else if (best.size() == 1) {
                tentative.add(new MatchOutcome.Assignment(device, best.get(0)));
            } else {
                ambiguous.add(ambiguity(device, best));
            }
        }

        Map<Integer, List<MatchOutcome.Assignment>> byPort = new TreeMap<>();
        for (MatchOutcome.Assignment a : tentative) {
            byPort.computeIfAbsent(a.snippet().port(), p -> new ArrayList<>()).add(a);
        }
        List<MatchOutcome.Assignment> assignments = new ArrayList<>();
        List<Refusal> portConflicts = new ArrayList<>();
        for (Map.Entry<Integer, List<MatchOutcome.Assignment>> e : byPort.entrySet()) {
            if (e.getValue().size() == 1) {
                assignments.add(e.getValue().get(0));
            } else {
                portConflicts.add(portConflict(e.getKey(), e.getValue()));
            }
        }
        assignments.sort(Comparator.comparing(MatchOutcome.Assignment::device, BY_TTY));
        return new MatchOutcome(assignments, ambiguous, portConflicts, unmatched);
    }

    /** The matching snippets sharing the top specificity, sorted by id. */
    private static List<SnippetCandidate> bestMatches(List<SnippetCandidate> snippets, SerialDevice device) {
        int top = -1;
        List<SnippetCandidate> best = new ArrayList<>();
        for (SnippetCandidate s : snippets) {
            if (!s.rule().matches(device)) {
                continue;
            }
            int score = s.rule().specificity();
            if (score > top) {
                top = score;
                best.clear();
            }
            if (score == top) {
                best.add(s);
            }
        }
        best.sort(Comparator.comparing(SnippetCandidate::id));
        return best;
    }

    private static Refusal ambiguity(SerialDevice device, List<SnippetCandidate> tied) {
        List<String> ids = tied.stream().map(SnippetCandidate::id).collect(Collectors.toList());
        String message = "Refusing " + device.describe() + ": snippets " + String.join(", ", ids)
                + " match it equally (specificity " + tied.get(0).rule().specificity()
                + "); make one of them more specific, e.g. add serial: or port-path: to its match: block";
        String key = "ambiguous|" + device.identity() + "|" + String.join(",", ids);
        return new Refusal(Refusal.Kind.AMBIGUOUS, key, message, List.of(device), ids,
                tied.get(0).port());
    }

    private static Refusal portConflict(int port, List<MatchOutcome.Assignment> contenders) {
        List<SerialDevice> devices = contenders.stream().map(MatchOutcome.Assignment::device)
                .sorted(BY_TTY).collect(Collectors.toList());
        List<String> ids = new ArrayList<>(contenders.stream().map(a -> a.snippet().id())
                .collect(Collectors.toCollection(TreeSet::new)));
        String message = "Refusing TCP port " + port + " (snippet" + (ids.size() == 1 ? " " : "s ")
                + String.join(", ", ids) + "): " + devices.size() + " devices want it: "
                + devices.stream().map(SerialDevice::describe).collect(Collectors.joining("; "))
                + "; none is bridged until each has its own snippet (match: on serial: or port-path:)";
        String key = "port-conflict|" + port + "|" + String.join(",", ids) + "|"
                + devices.stream().map(SerialDevice::identity).sorted().collect(Collectors.joining(","));
        return new Refusal(Refusal.Kind.PORT_CONFLICT, key, message, devices, ids, port);
    }
}
