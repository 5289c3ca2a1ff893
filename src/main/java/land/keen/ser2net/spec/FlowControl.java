package land.keen.ser2net.spec;

import java.util.Locale;

/** Flow control, one mode for both directions as serial drivers have it; gensio lets both rtscts and xonxoff be set, we refuse that. */
public enum FlowControl {
    NONE, RTSCTS, XONXOFF;

    /** The word users write ({@code none}, {@code rtscts}, {@code xonxoff}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FlowControl of(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (FlowControl f : values()) {
            if (t.equals(f.word())) {
                return f;
            }
        }
        throw new IllegalArgumentException("flowControl must be none/rtscts/xonxoff, got " + text);
    }
}
