package land.keen.ser2net.protocols;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * ser2net's {@code telnet(rfc2217),tcp,PORT} judged by a client nobody here wrote: pyserial's rfc2217:// changes the
 * line of the real (pty) device, visible in its termios, and 0xFF passes byte-exact both ways.
 */
class Rfc2217EndToEndTest {

    static final String PYTHON = "/usr/bin/python3";

    static final String CLIENT = """
            import sys, serial
            s = serial.serial_for_url("rfc2217://127.0.0.1:%s?ign_set_control" % sys.argv[1], baudrate=9600, timeout=5)
            s.baudrate = 38400
            s.parity = serial.PARITY_ODD
            s.stopbits = serial.STOPBITS_TWO
            s.dtr = False
            s.rts = False
            data = bytes(range(256)) * 8
            s.write(data)
            got = s.read(len(data))
            print("ECHO_OK" if got == data else "ECHO_BAD %d" % len(got), flush=True)
            print("READY", flush=True)
            sys.stdin.readline()
            s.close()
            """;

    @TempDir
    Path dir;

    @Test
    void pyserialChangesTheLineOfTheDeviceAndDataPassesByteExact() throws Exception {
        assumeThat(pyserial()).as("Debian's python3-serial (CI installs it)").isTrue();
        int port = Ports.free();
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty); LogCapture log = new LogCapture()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &rfc2217
                      accepter: telnet(rfc2217),tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            Path script = dir.resolve("client.py");
            Files.writeString(script, CLIENT);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                Process client = new ProcessBuilder(PYTHON, script.toString(), String.valueOf(port))
                        .redirectErrorStream(true).start();
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = out.readLine()) != null && !line.equals("READY")) {
                    lines.add(line);
                }
                try {
                    assertThat(lines).as("pyserial's output").contains("ECHO_OK");
                    // while the client holds the device open, its termios shows what the client asked for
                    Pty.Termios t = pty.termios();
                    assertThat(t.ospeed()).isEqualTo(38400);
                    assertThat(t.has(Pty.PARODD)).as("odd parity").isTrue();
                    assertThat(t.has(Pty.CSTOPB)).as("2 stop bits").isTrue();
                    assertThat(log.text()).contains("RFC 2217 client set baud rate of " + pty.slavePath() + " to 38400");
                } finally {
                    client.getOutputStream().write('\n');
                    client.getOutputStream().flush();
                    assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
            }
        }
    }

    /** A client that never polls: it can only know the modem lines if the server tells it unprompted. */
    static final String LISTENER = """
            import sys, time, serial
            s = serial.serial_for_url("rfc2217://127.0.0.1:%s?ign_set_control" % sys.argv[1], baudrate=9600, timeout=5)
            deadline = time.time() + 5
            while True:
                try:
                    print("LINES cts=%s dsr=%s ri=%s cd=%s" % (s.cts, s.dsr, s.ri, s.cd), flush=True)
                    break
                except serial.SerialException as e:
                    if time.time() > deadline:
                        print("NOTHING %s" % e, flush=True)
                        break
                    time.sleep(0.1)
            s.close()
            """;

    @Test
    void anRfc2217ClientHearsTheModemLinesWithoutAskingAsFromSer2net() throws Exception {
        assumeThat(pyserial()).as("Debian's python3-serial (CI installs it)").isTrue();
        int port = Ports.free();
        try (Pty pty = new Pty()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &rfc2217
                      accepter: telnet(rfc2217),tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            Path script = dir.resolve("listener.py");
            Files.writeString(script, LISTENER);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                Process client = new ProcessBuilder(PYTHON, script.toString(), String.valueOf(port))
                        .redirectErrorStream(true).start();
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                // a pty has no modem lines: all off, but told (NOTIFY-MODEMSTATE) rather than never heard of
                assertThat(out).as("pyserial's output").contains("LINES cts=False dsr=False ri=False cd=False")
                        .doesNotContain("NOTHING");
            }
        }
    }

    @Test
    void aPlainTelnetPortUndoublesIacOnTheWayInDoublesItOnTheWayOutAndRefusesComPortControl() throws Exception {
        int port = Ports.free();
        try (Pty pty = new Pty()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &telnet
                      accepter: telnet,tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                TcpClient client = new TcpClient(port);
                // IAC WILL COM-PORT-OPTION: a plain telnet port must refuse it (IAC DONT 44)
                client.send(new byte[] { (byte) 0xff, (byte) 0xfb, 44 });
                // a data byte 0xFF travels doubled on the telnet side, single on the device side
                client.send(new byte[] { 'a', (byte) 0xff, (byte) 0xff, 'b' });
                java.io.ByteArrayOutputStream device = new java.io.ByteArrayOutputStream();
                await().atMost(5, TimeUnit.SECONDS).until(() -> {
                    byte[] r = pty.read(64, 100);
                    if (r != null) {
                        device.write(r);
                    }
                    return device.size() >= 3;
                });
                assertThat(device.toByteArray()).containsExactly('a', 0xff, 'b');

                pty.write(new byte[] { 'c', (byte) 0xff, 'd' });
                java.io.ByteArrayOutputStream net = new java.io.ByteArrayOutputStream();
                await().atMost(5, TimeUnit.SECONDS).until(() -> {
                    net.write(client.read(1, 5000));
                    return contains(net.toByteArray(), new byte[] { 'c', (byte) 0xff, (byte) 0xff, 'd' });
                });
                assertThat(contains(net.toByteArray(), new byte[] { (byte) 0xff, (byte) 0xfe, 44 }))
                        .as("IAC DONT COM-PORT-OPTION").isTrue();
                client.close();
            }
        }
    }

    @Test
    void anRfc2217ClientAskingForTheSignatureGetsTheConnectionsOwn() throws Exception {
        int port = Ports.free();
        try (Pty pty = new Pty();
             RunningApp app = RunningApp.serving(dir, """
                     connection: &bank3
                       accepter: telnet(rfc2217),tcp,%d
                       connector: serialdev,%s,115200n81,local
                       options:
                         signature: modem bank 3
                     """.formatted(port, pty.slavePath()), port);
             TcpClient client = new TcpClient(port)) {
            // IAC DO COM-PORT-OPTION, then IAC SB COM-PORT-OPTION SIGNATURE (empty: a query) IAC SE
            client.send(new byte[] { (byte) 0xff, (byte) 0xfd, 44 });
            client.send(new byte[] { (byte) 0xff, (byte) 0xfa, 44, 0, (byte) 0xff, (byte) 0xf0 });
            byte[] answer = java.nio.ByteBuffer.allocate(18).put(new byte[] { (byte) 0xff, (byte) 0xfa, 44, 100 })
                    .put("modem bank 3".getBytes(StandardCharsets.US_ASCII))
                    .put(new byte[] { (byte) 0xff, (byte) 0xf0 }).array();
            java.io.ByteArrayOutputStream net = new java.io.ByteArrayOutputStream();
            await().atMost(5, TimeUnit.SECONDS).until(() -> {
                net.write(client.read(1, 5000));
                return contains(net.toByteArray(), answer);
            });
        }
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean pyserial() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import serial.rfc2217").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
