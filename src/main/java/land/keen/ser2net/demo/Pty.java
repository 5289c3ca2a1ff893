package land.keen.ser2net.demo;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import land.keen.ser2net.serial.LibC;

/**
 * A pseudo-terminal: the test holds the master and plays the device; the code under test opens {@link #slavePath()}.
 * termios is read from the master, which shows what the bridge set on the slave while the slave is open.
 */
public final class Pty implements Closeable {

    // Linux x86_64/aarch64 termios bits (asm-generic/termbits.h)
    public static final int CSTOPB = 0000100;
    public static final int PARENB = 0000400;
    public static final int PARODD = 0001000;
    public static final int CLOCAL = 0004000;
    public static final int CRTSCTS = 020000000000;
    public static final int IXON = 0002000;
    public static final int IXOFF = 0010000;
    public static final int CBAUD = 0010017;
    public static final int BOTHER = 0010000;

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int POLLIN = 1;
    /** ioctl TCGETS2: struct termios2 holds the real input/output speed even for non-standard rates. */
    private static final long TCGETS2 = 0x802C542AL;

    /** What the master sees of the slave's termios. */
    public record Termios(int iflag, int oflag, int cflag, int lflag, int ospeed) {
        public boolean has(int cflagBit) {
            return (cflag & cflagBit) == cflagBit;
        }

        public boolean hasInput(int iflagBit) {
            return (iflag & iflagBit) == iflagBit;
        }
    }

    private final int master;
    private final String slavePath;
    private volatile boolean closed;

    public Pty() {
        LibC c = LibC.INSTANCE;
        master = c.posix_openpt(O_RDWR | O_NOCTTY);
        c.grantpt(master);
        c.unlockpt(master);
        slavePath = c.ptsname(master);
    }

    public String slavePath() {
        return slavePath;
    }

    /** Writes all bytes to the device side, as if the stick had sent them. */
    public void write(byte[] data) throws IOException {
        int off = 0;
        while (off < data.length) {
            byte[] chunk = off == 0 ? data : Arrays.copyOfRange(data, off, data.length);
            try {
                off += (int) LibC.INSTANCE.write(master, chunk, chunk.length);
            } catch (LastErrorException e) {
                throw new IOException("pty write failed: errno " + e.getErrorCode(), e);
            }
        }
    }

    /**
     * Reads what the bridge wrote to the device, waiting up to timeoutMs. Returns null on timeout, an empty array when
     * the slave side is closed (EIO).
     */
    public byte[] read(int max, int timeoutMs) throws IOException {
        byte[] pfd = new byte[8];
        pfd[0] = (byte) master;
        pfd[1] = (byte) (master >> 8);
        pfd[2] = (byte) (master >> 16);
        pfd[3] = (byte) (master >> 24);
        pfd[4] = POLLIN;
        int ready = LibC.INSTANCE.poll(pfd, 1, timeoutMs);
        if (ready == 0) {
            return null;
        }
        byte[] buf = new byte[max];
        try {
            long n = LibC.INSTANCE.read(master, buf, max);
            return Arrays.copyOf(buf, (int) Math.max(n, 0));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 5) { // EIO: nobody has the slave open
                return new byte[0];
            }
            throw new IOException("pty read failed: errno " + e.getErrorCode(), e);
        }
    }

    public Termios termios() {
        // struct termios2: 4 x tcflag_t, cc_t c_line, cc_t c_cc[19], speed_t c_ispeed, speed_t c_ospeed = 44 bytes
        Memory m = new Memory(44);
        LibC.INSTANCE.ioctl(master, TCGETS2, m);
        return new Termios(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12), m.getInt(40));
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closing the master is the stick being pulled out: the slave side gets EIO. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(master);
        }
    }
}
