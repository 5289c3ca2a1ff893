package land.keen.ser2net.bridge;

import static land.keen.ser2net.testing.DeviceSide.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ser2net's openstr, closestr and closeon (ser2net.yaml(5)): a modem's init string when the device opens for the
 * first client, its hang-up string when the last client leaves, and its NO CARRIER ending the clients' connections.
 * The device is a pty whose far end this test reads.
 */
class DeviceStringsTest {

    @TempDir
    Path dir;

    /** A modem connection with {@code options} (single quotes keep ser2net's escapes for its own string handling). */
    private static String modem(int port, Pty pty, String options) {
        return """
                connection: &modem
                  accepter: tcp,%d
                  connector: serialdev,%s,9600n81,local
                  options:
                """.formatted(port, pty.slavePath()) + options.indent(4);
    }

    @Test
    void theDeviceHearsOpenstrOnFirstOpenAndClosestrOnFinalClose() throws Exception {
        int port = Ports.free();
        try (Pty modem = new Pty();
             RunningApp app = RunningApp.serving(dir, modem(port, modem, """
                     max-connections: 2
                     openstr: 'ATZ\\r'
                     closestr: '+++ATH0 \\p\\r'
                     """), port)) {
            try (TcpClient first = new TcpClient(port)) {
                assertThat(read(modem, "ATZ\r".length())).isEqualTo("ATZ\r");
                first.send("AT\r");
                assertThat(read(modem, 3)).isEqualTo("AT\r");
                try (TcpClient second = new TcpClient(port)) {
                    second.send("I\r");
                    // the second client's bytes come next: no second openstr before them
                    assertThat(read(modem, 2)).isEqualTo("I\r");
                }
                first.send("X");
                // the second client left, the first is still there: no closestr yet
                assertThat(read(modem, 1)).isEqualTo("X");
            }
            String hangUp = "+++ATH0 " + port + "\r";
            assertThat(read(modem, hangUp.length())).isEqualTo(hangUp);
        }
    }

    @Test
    void closeonFromTheDeviceEndsTheClientsConnectionsAfterTheyGotTheBytes() throws Exception {
        int port = Ports.free();
        try (Pty modem = new Pty();
             RunningApp app = RunningApp.serving(dir, modem(port, modem, """
                     closeon: 'NO CARRIER\\r'
                     closestr: 'ATH\\r'
                     """), port)) {
            try (TcpClient client = new TcpClient(port)) {
                client.send("ATD123\r");
                assertThat(read(modem, 7)).isEqualTo("ATD123\r");
                // the string arrives in two reads; the client gets every byte, then its connection ends
                modem.write("CONNECT\r\nNO CAR".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(client.readText(15, 5000)).isEqualTo("CONNECT\r\nNO CAR");
                modem.write("RIER\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(client.readUntilClosed(5000)).isEqualTo("RIER\r\n");
            }
            // the last client is gone: the device hears closestr and closes; the port still serves
            assertThat(read(modem, 4)).isEqualTo("ATH\r");
            try (TcpClient next = new TcpClient(port)) {
                next.send("AT\r");
                assertThat(read(modem, 3)).isEqualTo("AT\r");
            }
        }
    }
}
