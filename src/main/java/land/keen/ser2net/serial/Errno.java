package land.keen.ser2net.serial;

/**
 * Turns the errno jSerialComm reports into the words ser2net users know from strerror(3).
 */
final class Errno {

    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EINVAL = 22;

    private Errno() {
    }

    static String describe(int errno) {
        return switch (errno) {
            case 0 -> "device hung up";
            case 1 -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case EIO -> "Input/output error";
            case 6 -> "No such device or address";
            case 11 -> "Resource temporarily unavailable (the device is locked by another program)";
            case 13 -> "Permission denied";
            case 16 -> "Device or resource busy";
            case 19 -> "No such device";
            case 20 -> "Not a directory";
            case 21 -> "Is a directory";
            case EINVAL -> "Invalid argument (the driver refused the line settings)";
            case 25 -> "Inappropriate ioctl for device (not a serial port)";
            default -> "error " + errno;
        };
    }
}
