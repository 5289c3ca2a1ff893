package land.keen.ser2net.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ser2net's openstr and closestr (ser2net.yaml(5)): a modem's init string when the device opens for the first client,
 * its hang-up string when the last client leaves; neither for the clients in between. The device is a pty whose far
 * end this test reads.
 */
class DeviceStringsTest {

    @TempDir
    Path dir;

    @Test
    void theDeviceHearsOpenstrOnFirstOpenAndClosestrOnFinalClose() throws Exception {
        try (Pty modem = new Pty()) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            // single quotes keep ser2net's escapes for ser2net's own string handling (\r, \p)
            Files.writeString(config, """
                    connection: &modem
                      accepter: tcp,%d
                      connector: serialdev,%s,9600n81,local
                      options:
                        max-connections: 2
                        openstr: 'ATZ\\r'
                        closestr: '+++ATH0 \\p\\r'
                    """.formatted(port, modem.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                try (TcpClient first = new TcpClient(port)) {
                    assertThat(readFromDevice(modem, "ATZ\r".length())).isEqualTo("ATZ\r");
                    first.send("AT\r");
                    assertThat(readFromDevice(modem, 3)).isEqualTo("AT\r");
                    try (TcpClient second = new TcpClient(port)) {
                        second.send("I\r");
                        // the second client's bytes come next: no second openstr before them
                        assertThat(readFromDevice(modem, 2)).isEqualTo("I\r");
                    }
                    first.send("X");
                    // the second client left, the first is still there: no closestr yet
                    assertThat(readFromDevice(modem, 1)).isEqualTo("X");
                }
                String hangUp = "+++ATH0 " + port + "\r";
                assertThat(readFromDevice(modem, hangUp.length())).isEqualTo(hangUp);
            }
        }
    }

    @Test
    void closeonFromTheDeviceEndsTheClientsConnectionsAfterTheyGotTheBytes() throws Exception {
        try (Pty modem = new Pty()) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &modem
                      accepter: tcp,%d
                      connector: serialdev,%s,9600n81,local
                      options:
                        closeon: 'NO CARRIER\\r'
                        closestr: 'ATH\\r'
                    """.formatted(port, modem.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                try (TcpClient client = new TcpClient(port)) {
                    client.send("ATD123\r");
                    assertThat(readFromDevice(modem, 7)).isEqualTo("ATD123\r");
                    // the string arrives in two reads; the client gets every byte, then its connection ends
                    modem.write("CONNECT\r\nNO CAR".getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(client.readText(15, 5000)).isEqualTo("CONNECT\r\nNO CAR");
                    modem.write("RIER\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(client.readUntilClosed(5000)).isEqualTo("RIER\r\n");
                }
                // the last client is gone: the device hears closestr and closes; the port still serves
                assertThat(readFromDevice(modem, 4)).isEqualTo("ATH\r");
                try (TcpClient next = new TcpClient(port)) {
                    next.send("AT\r");
                    assertThat(readFromDevice(modem, 3)).isEqualTo("AT\r");
                }
            }
        }
    }

    /** Exactly n bytes from the device's far end, waiting at most 5 s for them. */
    private static String readFromDevice(Pty pty, int n) throws Exception {
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
