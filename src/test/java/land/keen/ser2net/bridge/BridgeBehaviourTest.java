package land.keen.ser2net.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ser2net's connection rules through the real application: one ser2net.yaml with a connection per behaviour, ptys as
 * devices, plain TCP clients.
 */
class BridgeBehaviourTest {

    @TempDir
    static Path dir;

    static RunningApp app;
    static final List<AutoCloseable> cleanup = new ArrayList<>();
    static final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    static PrintStream originalErr;

    /** termios c_cflag: hang up (drop DTR and RTS) on last close. */
    static final int HUPCL = 02000;

    static Pty busyPty, kickPty, fanPty, gonePty, termiosPty, xonPty;
    static int busyPort, kickPort, fanPort, missingPort, gonePort, termiosPort, xonPort, brokenPort;

    @BeforeAll
    static void startApp() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true));
        busyPty = pty();
        kickPty = pty();
        fanPty = pty();
        gonePty = pty();
        termiosPty = pty();
        xonPty = pty();
        cleanup.add(new EchoDevice(busyPty));
        cleanup.add(new EchoDevice(kickPty));
        busyPort = Ports.free();
        kickPort = Ports.free();
        fanPort = Ports.free();
        missingPort = Ports.free();
        gonePort = Ports.free();
        termiosPort = Ports.free();
        xonPort = Ports.free();
        brokenPort = Ports.free();
        Path goneLink = dir.resolve("ttyGONE");
        Files.createSymbolicLink(goneLink, Path.of(gonePty.slavePath()));
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, """
                connection: &busy
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                connection: &kick
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                  options:
                    kickolduser: true
                connection: &fan
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                  options:
                    max-connections: 3
                connection: &missing
                  accepter: tcp,%d
                  connector: serialdev,%s,9600n81
                connection: &gone
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                connection: &termios
                  accepter: tcp,%d
                  connector: serialdev,%s,57600o82,rtscts,local
                connection: &xon
                  accepter: tcp,%d
                  connector: serialdev,%s,19200e71,xonxoff,local,hangup-when-done
                connection: &broken
                  accepter: tcp,%d
                  connector: serialdev,/dev/null,115200x81
                """.formatted(busyPort, busyPty.slavePath(), kickPort, kickPty.slavePath(), fanPort,
                fanPty.slavePath(), missingPort, dir.resolve("ttyNOTHERE"), gonePort, goneLink, termiosPort,
                termiosPty.slavePath(), xonPort, xonPty.slavePath(), brokenPort));
        app = RunningApp.start(Map.of("ser2net.config", config.toString()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(xonPort) && Ports.listening(busyPort));
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        System.setErr(originalErr);
    }

    static Pty pty() {
        Pty p = new Pty();
        cleanup.add(p);
        return p;
    }

    @Test
    void secondClientIsToldThePortIsInUse() throws Exception {
        // another test's client of this port may still be on its way out
        await().atMost(5, TimeUnit.SECONDS).until(() -> clientsOf("busy") == 0);
        try (TcpClient first = new TcpClient(busyPort)) {
            first.send("hi");
            assertThat(first.readText(2, 5000)).isEqualTo("hi");
            try (TcpClient second = new TcpClient(busyPort)) {
                assertThat(second.readUntilClosed(5000)).isEqualTo("Port already in use\r\n");
            }
            first.send("still");
            assertThat(first.readText(5, 5000)).isEqualTo("still");
        }
    }

    @Test
    void kickolduserClosesTheOldestAndServesTheNewcomer() throws Exception {
        try (TcpClient first = new TcpClient(kickPort)) {
            first.send("one");
            assertThat(first.readText(3, 5000)).isEqualTo("one");
            try (TcpClient second = new TcpClient(kickPort)) {
                assertThat(first.readUntilClosed(5000)).isEqualTo("kicked off, new user is coming\r\n");
                second.send("two");
                assertThat(second.readText(3, 5000)).isEqualTo("two");
            }
        }
    }

    @Test
    void deviceOutputGoesToEveryClientAndEveryClientReachesTheDevice() throws Exception {
        try (TcpClient a = new TcpClient(fanPort); TcpClient b = new TcpClient(fanPort);
             TcpClient c = new TcpClient(fanPort)) {
            await().atMost(5, TimeUnit.SECONDS).until(() -> clientsOf("fan") == 3);
            fanPty.write("broadcast".getBytes(StandardCharsets.US_ASCII));
            for (TcpClient client : List.of(a, b, c)) {
                assertThat(client.readText(9, 5000)).isEqualTo("broadcast");
            }
            a.send("A");
            b.send("B");
            c.send("C");
            StringBuilder got = new StringBuilder();
            await().atMost(5, TimeUnit.SECONDS).until(() -> {
                byte[] r = fanPty.read(16, 100);
                if (r != null) {
                    got.append(new String(r, StandardCharsets.US_ASCII));
                }
                return got.length() >= 3;
            });
            assertThat(got.toString().chars().sorted().toArray()).containsExactly('A', 'B', 'C');
        }
    }

    @Test
    void missingDeviceIsReportedToTheClientAndThePortKeepsListening() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (TcpClient client = new TcpClient(missingPort)) {
                assertThat(client.readUntilClosed(5000))
                        .isEqualTo("Device open failure: No such file or directory\r\n");
            }
        }
        assertThat(Ports.listening(missingPort)).isTrue();
    }

    @Test
    void deviceGoneClosesClientsAndARepointedDeviceServesTheNextClient() throws Exception {
        try (TcpClient client = new TcpClient(gonePort)) {
            client.send("x");
            assertThat(readFromDevice(gonePty, 1)).isEqualTo("x");
            gonePty.write("y".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readText(1, 5000)).isEqualTo("y");
            gonePty.close(); // the stick is pulled out
            assertThat(client.readUntilClosed(5000)).isEmpty();
        }
        assertThat(Ports.listening(gonePort)).isTrue();
        // that probe was a client too: let it leave before the next one comes
        await().atMost(5, TimeUnit.SECONDS).until(() -> clientsOf("gone") == 0 && !app.bridges().bridge("gone")
                .isDeviceOpen());
        // plugged back in: the same path now leads to a new device
        Pty replacement = pty();
        Path link = dir.resolve("ttyGONE");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of(replacement.slavePath()));
        try (EchoDevice echo = new EchoDevice(replacement); TcpClient client = new TcpClient(gonePort)) {
            client.send("back");
            assertThat(client.readText(4, 5000)).isEqualTo("back");
        }
    }

    @Test
    void termiosOfTheDeviceShowsTheConfiguredLine() throws Exception {
        try (TcpClient client = new TcpClient(termiosPort)) {
            client.send("t");
            assertThat(readFromDevice(termiosPty, 1)).isEqualTo("t");
            Pty.Termios t = termiosPty.termios();
            assertThat(t.ospeed()).isEqualTo(57600);
            assertThat(t.has(Pty.CSTOPB)).as("2 stop bits").isTrue();
            assertThat(t.has(Pty.PARODD)).as("odd parity").isTrue();
            assertThat(t.has(Pty.CLOCAL)).as("local").isTrue();
            assertThat(t.has(Pty.CRTSCTS)).as("rtscts").isTrue();
            assertThat(t.hasInput(Pty.IXON)).as("no xon/xoff").isFalse();
            assertThat(t.has(HUPCL)).as("lines kept at close (no hangup-when-done)").isFalse();
        }
        try (TcpClient client = new TcpClient(xonPort)) {
            client.send("u");
            assertThat(readFromDevice(xonPty, 1)).isEqualTo("u");
            Pty.Termios t = xonPty.termios();
            assertThat(t.ospeed()).isEqualTo(19200);
            assertThat(t.has(Pty.CSTOPB)).as("1 stop bit").isFalse();
            assertThat(t.has(Pty.PARODD)).as("even parity").isFalse();
            assertThat(t.hasInput(Pty.IXON) && t.hasInput(Pty.IXOFF)).as("xonxoff").isTrue();
            assertThat(t.has(Pty.CRTSCTS)).as("no rtscts").isFalse();
            assertThat(t.has(HUPCL)).as("hangup-when-done: DTR/RTS dropped at close").isTrue();
        }
    }

    @Test
    void aBrokenConnectionIsReportedByNameAndTheOthersServe() {
        assertThat(Ports.listening(brokenPort)).isFalse();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("ser2net.yaml").contains("broken")
                .contains("connector");
        assertThat(Ports.listening(busyPort)).isTrue();
    }

    @Test
    void deviceIsOpenOnlyWhileAClientIsConnected() throws Exception {
        Bridge bridge = app.bridges().bridge("busy");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !bridge.isDeviceOpen());
        try (TcpClient client = new TcpClient(busyPort)) {
            client.send("o");
            assertThat(client.readText(1, 5000)).isEqualTo("o");
            assertThat(bridge.isDeviceOpen()).isTrue();
            assertThat(app.context().getRouteController().getRouteStatus("bridge-busy-device").isStarted()).isTrue();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !bridge.isDeviceOpen());
        assertThat(app.context().getRouteController().getRouteStatus("bridge-busy-device").isStopped()).isTrue();
    }

    static int clientsOf(String name) {
        return app.bridges().bridge(name).clients().size();
    }

    static String readFromDevice(Pty pty, int n) throws IOException {
        StringBuilder got = new StringBuilder();
        long deadline = System.currentTimeMillis() + 5000;
        while (got.length() < n && System.currentTimeMillis() < deadline) {
            byte[] r = pty.read(n - got.length(), 100);
            if (r != null) {
                got.append(new String(r, StandardCharsets.ISO_8859_1));
            }
        }
        return got.toString();
    }

    /** Keeps the log visible while the test reads it. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
