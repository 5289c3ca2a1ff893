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
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a command and hangs up at once (a script, a gateway restarting) is the last client: the device
 * closes right after its bytes were written. Closing a serial port discards what the driver has not sent yet, so
 * the bytes must have left before it closes, as ser2net waits for its output to drain. The command goes through the
 * bridge's route like any other, though the client hung up before it was admitted. A client that aborts (a reset,
 * which ends its pipeline at once) loses nothing either: the bridge writes what it had sent.
 */
class LastBytesTest {

    @TempDir
    Path dir;

    @Test
    void aClientThatWritesAndHangsUpAtOnceLosesNoByte() throws Exception {
        int port = Ports.free();
        try (Pty device = new Pty(); RunningApp app = serving(device, port)) {
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
            // and every command took the bridge's network route, as any other client bytes do: a step a user adds
            // to routes/bridge.yaml sees it, Hawtio counts it
            ManagedRouteMBean route = app.context().getCamelContextExtension()
                    .getContextPlugin(ManagedCamelContext.class).getManagedRoute("bridge-script");
            assertThat(route.getExchangesTotal()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aClientThatHangsUpItsSendingSideIsGoneAndFreesThePort() throws Exception {
        int port = Ports.free();
        // max-connections is 1 (ser2net's default): a second client is served only once the first is gone
        try (Pty device = new Pty(); RunningApp app = serving(device, port)) {
            Bridge bridge = app.bridges().bridge("script");
            try (Socket first = new Socket("127.0.0.1", port)) {
                first.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
                await().atMost(5, TimeUnit.SECONDS).until(() -> bridge.clients().size() == 1);
                // `nc -N` at the end of its input: FIN, still reading; ser2net ends such a connection
                first.shutdownOutput();
                first.setSoTimeout(5000);
                assertThat(first.getInputStream().read()).isEqualTo(-1);
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> bridge.clients().isEmpty() && !bridge.isDeviceOpen());
            try (Socket second = new Socket("127.0.0.1", port)) {
                second.getOutputStream().write("ATI\r".getBytes(StandardCharsets.US_ASCII));
                await().atMost(5, TimeUnit.SECONDS).until(() -> bridge.clients().size() == 1);
            }
            assertThat(DeviceSide.read(device, 7)).isEqualTo("AT\rATI\r");
        }
    }

    @Test
    void aClientThatWritesAndAbortsAtOnceLosesNoByte() throws Exception {
        int port = Ports.free();
        try (Pty device = new Pty(); RunningApp app = serving(device, port)) {
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                String command = "abort " + i + " " + "y".repeat(40) + "\r";
                expected.append(command);
                Socket client = new Socket("127.0.0.1", port);
                client.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
                // a reset instead of a FIN (a program that aborts its connection): the bytes before it still count
                client.setSoLinger(true, 0);
                client.close();
                await().atMost(5, TimeUnit.SECONDS).until(() -> !app.bridges().bridge("script").isDeviceOpen()
                                                               && app.bridges().bridge("script").clients().isEmpty());
            }
            assertThat(DeviceSide.read(device, expected.length())).isEqualTo(expected.toString());
        }
    }

    /** A port for the pty, as a script's ser2net.yaml has it. */
    private RunningApp serving(Pty device, int port) throws Exception {
        return RunningApp.serving(dir, """
                connection: &script
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                """.formatted(port, device.slavePath()), port);
    }
}
