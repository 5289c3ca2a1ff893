package land.keen.ser2net.spec;

/**
 * ser2net's data trace options of a connection: where bytes read from the device ({@code trace-read}), written to it
 * ({@code trace-write}) or both ({@code trace-both}) are recorded. A destination is a file name (ser2net's escapes
 * {@code \\p} port and {@code \\N} connection name are expanded by the bridge) or, our extension, {@code log} /
 * {@code log:CATEGORY} for a log category.
 *
 * @param read      destination of device output, or null
 * @param write     destination of device input, or null
 * @param both      one destination for both directions, or null
 * @param hexdump   write a hex dump instead of the raw bytes (always on for log destinations)
 * @param timestamp prefix each record with the time
 */
public record TraceSpec(String read, String write, String both, boolean hexdump, boolean timestamp) {

    public static final TraceSpec NONE = new TraceSpec(null, null, null, false, false);

    public boolean enabled() {
        return read != null || write != null || both != null;
    }
}
