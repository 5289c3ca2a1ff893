package land.keen.ser2net.spec;

/**
 * ser2net's data trace options of a connection: where bytes read from the device ({@code trace-read}), written to it
 * ({@code trace-write}) or both ({@code trace-both}, a file of its own besides the other two) are recorded, and how
 * each file records them. A destination is a file name (ser2net's escapes {@code \\p} port and {@code \\N} connection
 * name are expanded by the bridge) or, our extension, {@code log} / {@code log:CATEGORY} for a log category.
 *
 * @param read       destination of device output, or null
 * @param write      destination of device input, or null
 * @param both       one destination for both directions, or null
 * @param readStyle  how the read file records ({@code trace-hexdump}, {@code trace-read-hexdump}, ...)
 * @param writeStyle how the write file records
 * @param bothStyle  how the both file records
 */
public record TraceSpec(String read, String write, String both, Style readStyle, Style writeStyle, Style bothStyle) {

    /**
     * How one trace file records bytes.
     *
     * @param hexdump   a hex dump instead of the raw bytes (always for log destinations)
     * @param timestamp the time before each record
     */
    public record Style(boolean hexdump, boolean timestamp) {

        public static final Style RAW = new Style(false, false);

        public Style withHexdump(boolean on) {
            return new Style(on, timestamp);
        }

        public Style withTimestamp(boolean on) {
            return new Style(hexdump, on);
        }
    }

    public static final TraceSpec NONE = new TraceSpec(null, null, null, Style.RAW, Style.RAW, Style.RAW);

    /** The same style for the three files ({@code trace-hexdump}, {@code trace-timestamp}). */
    public TraceSpec(String read, String write, String both, boolean hexdump, boolean timestamp) {
        this(read, write, both, new Style(hexdump, timestamp), new Style(hexdump, timestamp),
                new Style(hexdump, timestamp));
    }

    public boolean enabled() {
        return read != null || write != null || both != null;
    }
}
