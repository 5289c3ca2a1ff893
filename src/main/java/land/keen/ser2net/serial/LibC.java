package land.keen.ser2net.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The app's one binding of the few libc calls Java has no word for, through JNA: termios flags and a socket's unread
 * bytes (the bridges), a signal's action (SIGHUP reload), and the demo stick's pseudo-terminal.
 */
public interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    /** poll(2) on an array of struct pollfd laid out by the caller. */
    int poll(byte[] fds, long nfds, int timeout) throws LastErrorException;

    /** An ioctl with a struct argument (TCGETS/TCSETS, TCGETS2). */
    int ioctl(int fd, long request, Memory arg) throws LastErrorException;

    /** An ioctl with an int result (FIONREAD). */
    int ioctl(int fd, long request, int[] value) throws LastErrorException;

    /** signal(2); a null handler is SIG_DFL. */
    Pointer signal(int signal, Pointer handler);

    int posix_openpt(int flags) throws LastErrorException;

    int grantpt(int fd) throws LastErrorException;

    int unlockpt(int fd) throws LastErrorException;

    String ptsname(int fd);
}
