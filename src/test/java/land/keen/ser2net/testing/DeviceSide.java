package land.keen.ser2net.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;

import static org.awaitility.Awaitility.await;

/** What the device hears: the far end of the pty that plays it. */
public final class DeviceSide {

    private DeviceSide() {
    }

    /** Exactly {@code n} bytes from the device's far end (ISO-8859-1), waiting at most 5 s for them. */
    public static String read(Pty pty, int n) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            byte[] b = pty.read(n - got.size(), 100);
            if (b != null) {
                got.write(b);
            }
            return got.size() >= n;
        });
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
