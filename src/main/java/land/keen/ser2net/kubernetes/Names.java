package land.keen.ser2net.kubernetes;

import java.util.Locale;

/**
 * Kubernetes names and label values made from what users write (connection names, node names). The API server
 * rejects anything else, and a rejected name would leave a stick unpublished for a reason nobody sees, so we make
 * every input valid rather than refuse it.
 */
public final class Names {

    /** DNS-1035 label (Service names) and label values are both capped at 63 characters. */
    static final int MAX = 63;

    private Names() {
    }

    /**
     * A DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit,
     * at most 63 characters. Too-long names keep their start (what a human recognises) and end in a short hash of
     * the whole, so two long names that differ only at the end stay different.
     */
    public static String dns1035(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        s = strip(s, '-');
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            // Service names must start with a letter; a connection named "6639" is legal in ser2net
            s = strip("serial-" + s, '-');
        }
        return fit(s, raw);
    }

    /** The Service name for a connection on a node when no cluster-wide name is asked for: never merges zones. */
    public static String perNode(String connection, String node) {
        return dns1035(connection + "-" + node);
    }

    /**
     * A label value: at most 63 of {@code [A-Za-z0-9-_.]}, beginning and ending alphanumeric (empty is allowed).
     * Node names are DNS subdomains up to 253 characters, so they can need this.
     */
    public static String labelValue(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.replaceAll("[^A-Za-z0-9._-]+", "-");
        s = s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return fit(s, raw);
    }

    private static String fit(String s, String raw) {
        if (s.length() <= MAX && !beyondAscii(raw)) {
            return s;
        }
        if (s.length() + 9 <= MAX) {
            // characters outside ASCII were replaced: the hash keeps "ünïcødé_串口" and "ünïcødé_串行" apart
            return s.isEmpty() ? hash(raw) : s + "-" + hash(raw);
        }
        String hash = hash(raw);
        String head = s.substring(0, MAX - hash.length() - 1).replaceAll("[^A-Za-z0-9]+$", "");
        return head + "-" + hash;
    }

    private static boolean beyondAscii(String raw) {
        return raw.chars().anyMatch(c -> c < 0x20 || c > 0x7e);
    }

    private static String strip(String s, char c) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == c) {
            from++;
        }
        while (to > from && s.charAt(to - 1) == c) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String hash(String raw) {
        return land.keen.ser2net.bridge.CamelIds.hash(raw);
    }
}
