package land.keen.ser2net.bridge;

import java.nio.charset.StandardCharsets;

/**
 * ser2net's {@code closeon}: watches the device's output for a string (a modem's {@code NO CARRIER}) across reads.
 * Unlike ser2net's matcher, which its man page calls simplistic ({@code ababc} in {@code abababc} is missed), this one
 * falls back along the string's own prefixes (Knuth-Morris-Pratt), so every occurrence is seen. Used by the serial
 * reader thread only.
 */
final class CloseOn {

    private final byte[] pattern;
    /** For each prefix length, the longest proper prefix of the pattern that is also its suffix. */
    private final int[] fallback;
    private int matched;

    private CloseOn(byte[] pattern) {
        this.pattern = pattern;
        this.fallback = new int[pattern.length + 1];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = fallback[k];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            fallback[i + 1] = k;
        }
    }

    /** Null when the connection has no (or an empty) closeon string. */
    static CloseOn of(String text) {
        return text == null || text.isEmpty() ? null : new CloseOn(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether the string ends within these bytes (what came before is remembered). */
    boolean seenIn(byte[] data, int offset, int length) {
        boolean seen = false;
        for (int i = offset; i < offset + length; i++) {
            while (matched > 0 && data[i] != pattern[matched]) {
                matched = fallback[matched];
            }
            if (data[i] == pattern[matched]) {
                matched++;
            }
            if (matched == pattern.length) {
                seen = true;
                matched = fallback[matched];
            }
        }
        return seen;
    }

    /** Forgets a partial match (the device was opened afresh). */
    void reset() {
        matched = 0;
    }
}
