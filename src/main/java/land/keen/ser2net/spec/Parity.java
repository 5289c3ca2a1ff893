package land.keen.ser2net.spec;

import java.util.Locale;

/** Serial parity, as in gensio's line spec letters N, E, O, M, S. */
public enum Parity {
    NONE, EVEN, ODD, MARK, SPACE;

    /** The word users write ({@code none}, {@code even}, ...). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a word or its first letter ({@code even}, {@code e}), case-insensitively. */
    public static Parity of(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Parity p : values()) {
            if (t.equals(p.word()) || t.equals(p.word().substring(0, 1))) {
                return p;
            }
        }
        throw new IllegalArgumentException("parity must be none/even/odd/mark/space, got " + text);
    }
}
