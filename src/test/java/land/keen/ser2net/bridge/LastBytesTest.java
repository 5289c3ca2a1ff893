package land.keen.ser2net.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.DeviceSide;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a command and hangs up at once (a script, a gateway restarting) is the last client: the device
 * closes right after its bytes were written. Closing a serial port discards what the driver has not sent yet, so
 * the bytes must have left before it closes, as ser2net waits for its output to drain.
 */
class LastBytesTest {

    @TempDir
    Path dir;

    @Test
    void aClientThatWritesAndHangsUpAtOnceLosesNoByte() throws Exception {
        int port = Ports.free();
        try (Pty device = new Pty();
             RunningApp app = RunningApp.serving(dir, """
                     connection: &script
                       accepter: tcp,%d
                       connector: serialdev,%s,115200n81,local
                     """.formatted(port, device.slavePath()), port)) {
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                String command = "command " + i + " " + "x".repeat(40) + "\r";
                expected.append(command);
                try (Socket client = new Socket("127.0.0.1", port)) {
                    OutputStream out = client.getOutputStream();
                    out.write(command.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                // the next client comes once this one's device is closed again, so each command is a last write
                await().atMost(5, TimeUnit.SECONDS).until(() -> !app.bridges().bridge("script").isDeviceOpen()
                                                               && app.bridges().bridge("script").clients().isEmpty());
            }
            assertThat(DeviceSide.read(device, expected.length())).isEqualTo(expected.toString());
        }
    }
}
