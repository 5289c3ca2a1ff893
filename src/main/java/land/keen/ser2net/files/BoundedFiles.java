package land.keen.ser2net.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads files whose size we do not control (a user's ser2net.yaml, a snippet, a sysfs attribute) with an upper
 * bound, so a 100 MB file or {@code /dev/zero} given by mistake is one clear error instead of an out-of-memory loop.
 */
public final class BoundedFiles {

    /** Configuration files: real ser2net.yaml files are a few KiB; ser2net itself has no use for more. */
    public static final int CONFIG_LIMIT = 4 * 1024 * 1024;
    /** sysfs attributes are at most one page. */
    public static final int ATTRIBUTE_LIMIT = 4096;

    private BoundedFiles() {
    }

    /** A file that may not be read: not a regular file, or larger than the limit. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * The whole content of a regular file of at most {@code limit} bytes. Follows symlinks (a ConfigMap's
     * {@code ..data} links); refuses devices, FIFOs and directories, and stops reading past the limit even when the
     * file grows while it is read.
     */
    public static byte[] read(Path file, int limit) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TooLargeException(Files.exists(file) ? "not a regular file" : "no such file");
        }
        long size = Files.size(file);
        if (size > limit) {
            throw new TooLargeException(tooLarge(size, limit));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(limit + 1);
            if (data.length > limit) {
                throw new TooLargeException(tooLarge(data.length, limit));
            }
            return data;
        }
    }

    private static String tooLarge(long size, int limit) {
        return "file is " + human(size) + (size > limit ? ", over" : ",") + " the " + human(limit) + " limit";
    }

    private static String human(long bytes) {
        if (bytes >= 1024 * 1024) {
            return (bytes / (1024 * 1024)) + " MiB";
        }
        return bytes >= 1024 ? (bytes / 1024) + " KiB" : bytes + " bytes";
    }
}
