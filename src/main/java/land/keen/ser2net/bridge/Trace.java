package land.keen.ser2net.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import land.keen.ser2net.spec.TraceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ser2net's data trace for one bridge: bytes read from the device ({@code trace-read}), written to it
 * ({@code trace-write}) and both ({@code trace-both}, a file of its own), each to a file (raw, or a hex dump with
 * {@code trace-hexdump} / {@code trace-read-hexdump} ...) or to a log category (always a hex dump). Created only when
 * a trace is configured, so a bridge without one pays a null check.
 */
final class Trace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Trace.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");

    /** Each null when not traced. */
    private final Sink readSink;
    private final Sink writeSink;
    private final Sink bothSink;

    private Trace(Sink readSink, Sink writeSink, Sink bothSink) {
        this.readSink = readSink;
        this.writeSink = writeSink;
        this.bothSink = bothSink;
    }

    /** Null when nothing is traced. */
    static Trace open(TraceSpec s, ServedConnection spec) {
        if (s == null || !s.enabled()) {
            return null;
        }
        return new Trace(Sink.of(s.read(), s.readStyle(), spec), Sink.of(s.write(), s.writeStyle(), spec),
                Sink.of(s.both(), s.bothStyle(), spec));
    }

    /** Bytes read from the device. */
    void read(byte[] data, int off, int len) {
        record("dev->net", data, off, len, readSink);
    }

    /** Bytes written to the device. */
    void write(byte[] data, int off, int len) {
        record("net->dev", data, off, len, writeSink);
    }

    private void record(String direction, byte[] data, int off, int len, Sink own) {
        if (own != null) {
            own.record(direction, data, off, len);
        }
        if (bothSink != null) {
            bothSink.record(direction, data, off, len);
        }
    }

    @Override
    public void close() {
        for (Sink sink : new Sink[] {readSink, writeSink, bothSink}) {
            if (sink != null) {
                sink.close();
            }
        }
    }

    static String hexdump(String prefix, byte[] data, int off, int len) {
        StringBuilder b = new StringBuilder();
        for (int line = 0; line < len; line += 16) {
            int n = Math.min(16, len - line);
            b.append(prefix);
            for (int i = 0; i < 16; i++) {
                b.append(i < n ? String.format("%02x ", data[off + line + i] & 0xff) : "   ");
            }
            b.append(" |");
            for (int i = 0; i < n; i++) {
                int c = data[off + line + i] & 0xff;
                b.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
            }
            b.append("|\n");
        }
        return b.toString();
    }

    /** A file or a log category, and how it records. */
    private static final class Sink {
        private final Logger log;
        private final OutputStream out;
        private final String where;
        private final TraceSpec.Style style;

        private Sink(Logger log, OutputStream out, String where, TraceSpec.Style style) {
            this.log = log;
            this.out = out;
            this.where = where;
            this.style = style;
        }

        /** Null for no destination. */
        static Sink of(String destination, TraceSpec.Style style, ServedConnection spec) {
            if (destination == null) {
                return null;
            }
            if (destination.equals("log") || destination.startsWith("log:")) {
                String category = destination.equals("log") ? "land.keen.ser2net.trace." + spec.name()
                        : destination.substring(4);
                return new Sink(LoggerFactory.getLogger(category), null, category, style);
            }
            String file = StringFormat.fileName(destination, spec);
            try {
                Path path = Path.of(file);
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return new Sink(null, out, file, style);
            } catch (IOException e) {
                LOG.warn("bridge {}: cannot open trace file {}: {}; tracing to the log instead", spec.name(), file,
                        e.getMessage());
                return new Sink(LoggerFactory.getLogger("land.keen.ser2net.trace." + spec.name()), null, file, style);
            }
        }

        synchronized void record(String direction, byte[] data, int off, int len) {
            boolean hexdump = style.hexdump();
            boolean timestamp = style.timestamp();
            String head = (timestamp || log != null ? LocalDateTime.now().format(TIME) + " " : "") + direction + ": ";
            if (log != null) {
                log.info("{}{} bytes\n{}", head, len, hexdump("  ", data, off, len).stripTrailing());
                return;
            }
            try {
                if (hexdump) {
                    out.write((head + len + " bytes\n" + hexdump("  ", data, off, len))
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    if (timestamp) {
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(data, off, len);
                }
                out.flush();
            } catch (IOException e) {
                LOG.debug("trace to {} failed: {}", where, e.getMessage());
            }
        }

        synchronized void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.debug("closing trace {}: {}", where, e.getMessage());
                }
            }
        }
    }
}
