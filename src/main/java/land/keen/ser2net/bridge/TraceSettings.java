package land.keen.ser2net.bridge;

/**
 * Where a bridge records its data, like ser2net's trace-read / trace-write / trace-both: a file name ({@code \\p}
 * becomes the port, {@code \\N} the connection name) or {@code log} / {@code log:CATEGORY}; null = not traced.
 */
public record TraceSettings(String read, String write, String both, boolean hexdump, boolean timestamp) {

    public boolean enabled() {
        return read != null || write != null || both != null;
    }
}
