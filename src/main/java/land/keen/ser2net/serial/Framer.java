package land.keen.ser2net.serial;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the byte stream of a serial port into whole frames, so a route gets one message per telegram or reply instead
 * of whatever chunks the driver handed over. Plain logic, no I/O and no threads: the consumer feeds it what it read
 * and asks it, when the line has been quiet, for what is pending.
 *
 * <ul>
 * <li>{@code start}: a frame begins with these bytes; bytes before them are line noise and are dropped.</li>
 * <li>{@code delimiter}: a frame ends with these bytes, plus {@code trailerLength} more (a checksum after an end
 * marker: DSMR's {@code !} + 4 hex digits + CR LF, NMEA's {@code *} + 2 hex digits + CR LF).</li>
 * <li>{@code length}: every frame is this many bytes.</li>
 * <li>idle gap (handled by the consumer): the line going quiet ends a frame (Modbus RTU's 3.5 character gap).</li>
 * </ul>
 * A frame that outgrows {@code maxLength} without ending is dropped, so noise can never fill the memory.
 */
public final class Framer {

    private final byte[] start;
    private final byte[] delimiter;
    private final int trailerLength;
    private final int length;
    private final int maxLength;
    /** The frame being assembled: buf[0..size). */
    private byte[] buf = new byte[256];
    private int size;
    /** Where the delimiter ended in the frame being assembled, or -1 while looking for it. */
    private int delimiterEnd = -1;
    private long droppedBytes;

    public Framer(byte[] start, byte[] delimiter, int trailerLength, int length, int maxLength) {
        if (length < 0 || trailerLength < 0 || maxLength <= 0) {
            throw new IllegalArgumentException("frame lengths must not be negative");
        }
        if (length > 0 && delimiter.length > 0) {
            throw new IllegalArgumentException("frameLength and frameDelimiter cannot both be set");
        }
        this.start = start;
        this.delimiter = delimiter;
        this.trailerLength = trailerLength;
        this.length = length;
        this.maxLength = maxLength;
    }

    /** Whether this framer only passes bytes on as they come (no option set). */
    public boolean passesThrough() {
        return start.length == 0 && delimiter.length == 0 && length == 0;
    }

    /** Adds bytes read from the line; returns the frames they complete, in order. */
    public List<byte[]> push(byte[] data, int offset, int count) {
        List<byte[]> frames = new ArrayList<>(1);
        for (int i = offset; i < offset + count; i++) {
            append(data[i]);
            byte[] frame = frameEndingHere();
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** The bytes of an unfinished frame (the line went quiet), or null when nothing that starts a frame is pending. */
    public byte[] takePending() {
        if (size == 0 || !startSeen()) {
            dropPending();
            return null;
        }
        return completeFrame();
    }

    /** Forgets an unfinished frame (the device went away in the middle of it); returns how many bytes that was. */
    public int discardPending() {
        int n = size;
        dropPending();
        return n;
    }

    public boolean hasPending() {
        return size > 0;
    }

    /** Bytes thrown away so far: noise before a frame start, and frames longer than the maximum. */
    public long droppedBytes() {
        return droppedBytes;
    }

    private byte[] frameEndingHere() {
        if (size <= start.length) {
            if (!startStillPossible()) {
                // resynchronise: keep the longest tail that could still become the start marker
                int keep = longestStartPrefixAtEnd();
                droppedBytes += size - keep;
                System.arraycopy(buf, size - keep, buf, 0, keep);
                size = keep;
            }
            if (size < start.length) {
                return null;
            }
        } else if (start.length > 0 && delimiterEnd < 0 && endsWith(start)) {
            // a new frame starts before this one ended: this one was cut short (a meter restarted, a line glitch)
            droppedBytes += size - start.length;
            System.arraycopy(buf, size - start.length, buf, 0, start.length);
            size = start.length;
            return null;
        }
        if (length > 0 && size == length) {
            return completeFrame();
        }
        if (delimiter.length > 0) {
            if (delimiterEnd < 0 && size >= start.length + delimiter.length && endsWith(delimiter)) {
                delimiterEnd = size;
            }
            if (delimiterEnd >= 0 && size == delimiterEnd + trailerLength) {
                return completeFrame();
            }
        }
        if (size >= maxLength) {
            droppedBytes += size;
            reset();
        }
        return null;
    }

    private byte[] completeFrame() {
        byte[] frame = Arrays.copyOf(buf, size);
        reset();
        return frame;
    }

    private void append(byte b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, Math.max(maxLength, buf.length + 1)));
        }
        buf[size++] = b;
    }

    private boolean startSeen() {
        return size >= start.length;
    }

    /** While fewer bytes than the start marker are pending: do they still match its beginning? */
    private boolean startStillPossible() {
        return Arrays.equals(buf, 0, size, start, 0, size);
    }

    private int longestStartPrefixAtEnd() {
        for (int keep = Math.min(size, start.length - 1); keep > 0; keep--) {
            if (Arrays.equals(buf, size - keep, size, start, 0, keep)) {
                return keep;
            }
        }
        return 0;
    }

    private boolean endsWith(byte[] marker) {
        return size >= marker.length && Arrays.equals(buf, size - marker.length, size, marker, 0, marker.length);
    }

    private void dropPending() {
        droppedBytes += size;
        reset();
    }

    private void reset() {
        size = 0;
        delimiterEnd = -1;
    }

    /**
     * Reads a marker written in a URI or YAML: plain text with the escapes {@code \r \n \t \\} and {@code \xHH}, so
     * a Kamelet parameter can carry control characters.
     */
    public static byte[] parseMarker(String option, String text) {
        if (text == null || text.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException(option + ": a lone backslash at the end of '" + text + "'");
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    try {
                        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw new IllegalArgumentException(option + ": \\x needs two hex digits in '" + text + "'");
                    }
                    i += 2;
                }
                default -> throw new IllegalArgumentException(
                        option + ": unknown escape \\" + e + " in '" + text + "' (use \\r \\n \\t \\\\ or \\xHH)");
            }
        }
        return out.toByteArray();
    }
}
