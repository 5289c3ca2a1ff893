package land.keen.ser2net.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
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
        try (Pty device = new Pty()) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &script
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, device.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                for (int i = 0; i < 10; i++) {
                    byte[] command = ("command " + i + " " + "x".repeat(40) + "\r").getBytes(StandardCharsets.US_ASCII);
                    expected.write(command);
                    try (Socket client = new Socket("127.0.0.1", port)) {
                        OutputStream out = client.getOutputStream();
                        out.write(command);
                        out.flush();
                    }
                    // the next client comes once this one's device is closed again, so each command is a last write
                    await().atMost(5, TimeUnit.SECONDS).until(() -> !app.bridges().bridge("script").isDeviceOpen()
                                                                   && app.bridges().bridge("script").clients().isEmpty());
                }
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                    byte[] b = device.read(4096, 100);
                    if (b != null) {
                        got.write(b);
                    }
                    assertThat(got.toString(StandardCharsets.US_ASCII))
                            .isEqualTo(expected.toString(StandardCharsets.US_ASCII));
                });
            }
        }
    }
}
