package land.keen.ser2net.config;

import land.keen.ser2net.spec.TraceSpec;
import land.keen.ser2net.spec.TraceSpec.Style;

/**
 * ser2net's trace options of one connection, read in the order written (as ser2net does: {@code trace-hexdump}
 * sets the three files, {@code trace-read-hexdump} and the like one file, and a later option overrides an earlier).
 */
final class TraceOptions {

    private String read;
    private String write;
    private String both;
    private Style readStyle = Style.RAW;
    private Style writeStyle = Style.RAW;
    private Style bothStyle = Style.RAW;

    /** Takes a trace option; false when the name is not one. Fails, naming the option, on a bad value. */
    boolean accept(String name, String value) {
        switch (name) {
            case "trace-read" -> read = destination(value, name);
            case "trace-write" -> write = destination(value, name);
            case "trace-both" -> both = destination(value, name);
            case "trace-hexdump" -> {
                boolean on = YamlValues.bool(value, name);
                readStyle = readStyle.withHexdump(on);
                writeStyle = writeStyle.withHexdump(on);
                bothStyle = bothStyle.withHexdump(on);
            }
            case "trace-timestamp" -> {
                boolean on = YamlValues.bool(value, name);
                readStyle = readStyle.withTimestamp(on);
                writeStyle = writeStyle.withTimestamp(on);
                bothStyle = bothStyle.withTimestamp(on);
            }
            case "trace-read-hexdump" -> readStyle = readStyle.withHexdump(YamlValues.bool(value, name));
            case "trace-read-timestamp" -> readStyle = readStyle.withTimestamp(YamlValues.bool(value, name));
            case "trace-write-hexdump" -> writeStyle = writeStyle.withHexdump(YamlValues.bool(value, name));
            case "trace-write-timestamp" -> writeStyle = writeStyle.withTimestamp(YamlValues.bool(value, name));
            case "trace-both-hexdump" -> bothStyle = bothStyle.withHexdump(YamlValues.bool(value, name));
            case "trace-both-timestamp" -> bothStyle = bothStyle.withTimestamp(YamlValues.bool(value, name));
            default -> {
                return false;
            }
        }
        return true;
    }

    TraceSpec spec() {
        return new TraceSpec(read, write, both, readStyle, writeStyle, bothStyle);
    }

    private static String destination(String value, String key) {
        if (value.isBlank()) {
            throw new ConfigException(key, "needs a file name (or log, log:CATEGORY)");
        }
        return value.trim();
    }
}
