package land.keen.ser2net.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/** The few libc calls Java has no word for (termios flags, a socket's unread bytes), through JNA. */
public interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** An ioctl with a struct argument (TCGETS/TCSETS). */
    int ioctl(int fd, long request, Memory arg) throws LastErrorException;

    /** An ioctl with an int result (FIONREAD). */
    int ioctl(int fd, long request, int[] value) throws LastErrorException;
}
