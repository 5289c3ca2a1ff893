package land.keen.ser2net.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * termios HUPCL, gensio's {@code hangup-when-done}: the driver drops DTR and RTS when the device is closed, so a modem
 * or a stick wired to DTR sees the session end. jSerialComm clears HUPCL and has no switch for it; termios belongs to
 * the tty, not to a descriptor, so it is set through a second descriptor of the open device.
 */
final class Hupcl {

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final long TCGETS = 0x5401;
    private static final long TCSETS = 0x5402;
    private static final int HUPCL = 02000;
    /** struct termios as the kernel has it: 4 flags, c_line, c_cc[19]. */
    private static final int TERMIOS_SIZE = 36;
    private static final int CFLAG_OFFSET = 8;

    private Hupcl() {
    }

    /** Sets HUPCL on the open tty at {@code device}; returns the reason when it cannot, else null. */
    static String set(String device) {
        int fd;
        try {
            fd = LibC.INSTANCE.open(device, O_RDWR | O_NOCTTY | O_NONBLOCK);
        } catch (LastErrorException e) {
            return Errno.describe(e.getErrorCode());
        }
        try {
            Memory termios = new Memory(TERMIOS_SIZE);
            LibC.INSTANCE.ioctl(fd, TCGETS, termios);
            termios.setInt(CFLAG_OFFSET, termios.getInt(CFLAG_OFFSET) | HUPCL);
            LibC.INSTANCE.ioctl(fd, TCSETS, termios);
            return null;
        } catch (LastErrorException e) {
            return Errno.describe(e.getErrorCode());
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
