package land.keen.ser2net.spec;

/**
 * Stop bits. gensio only accepts 1 or 2 in a line spec; ONE_POINT_FIVE exists for serial APIs that have it (the
 * {@code serial:} endpoint, RFC 2217) but the ser2net parser never produces it (gensio rejects {@code 9600n81.5}).
 */
public enum StopBits {
    ONE("1"), ONE_POINT_FIVE("1.5"), TWO("2");

    private final String word;

    StopBits(String word) {
        this.word = word;
    }

    /** {@code 1}, {@code 1.5} or {@code 2}. */
    public String word() {
        return word;
    }

    public static StopBits of(String text) {
        String t = text == null ? "" : text.trim();
        for (StopBits s : values()) {
            if (s.word.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("stopBits must be 1, 1.5 or 2, got " + text);
    }
}
