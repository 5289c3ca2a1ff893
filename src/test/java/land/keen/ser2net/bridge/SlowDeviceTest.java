package land.keen.ser2net.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A device slow to take its bytes (its driver buffer full) holds up only its own clients: every other port keeps
 * echoing at once although all bridges share the network threads; the slow one's client is paused, not dropped, and
 * every byte reaches the device in order once it reads again (issue 15 §5).
 */
class SlowDeviceTest {

    private static final int PAYLOAD = 32 << 20;
    private static final int OTHERS = 4;

    @TempDir
    Path dir;

    @Test
    void aStuckDeviceHoldsUpOnlyItsOwnClients() throws Exception {
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            Pty stuck = new Pty(); // nobody reads its master: writes to it block once the pty's buffer is full
            cleanup.add(stuck);
            StringBuilder yaml = new StringBuilder();
            int stuckPort = Ports.free();
            yaml.append(connection("stuck", stuckPort, stuck.slavePath()));
            int[] others = new int[OTHERS];
            for (int i = 0; i < OTHERS; i++) {
                Pty pty = new Pty();
                cleanup.add(pty);
                cleanup.add(new EchoDevice(pty));
                others[i] = Ports.free();
                yaml.append(connection("echo" + i, others[i], pty.slavePath()));
            }
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, yaml);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()));
                 TcpClient slowClient = connectWhenListening(stuckPort)) {
                byte[] payload = new byte[PAYLOAD];
                new Random(7).nextBytes(payload);
                AtomicLong sent = new AtomicLong();
                Thread sender = new Thread(() -> {
                    try {
                        for (int off = 0; off < PAYLOAD; off += 4096) {
                            slowClient.send(java.util.Arrays.copyOfRange(payload, off, off + 4096));
                            sent.addAndGet(4096);
                        }
                    } catch (Exception e) {
                        // the assertions below say what went wrong
                    }
                }, "slow-sender");
                sender.setDaemon(true);
                sender.start();
                DeviceWriter writer = app.bridges().bridge("stuck").writer();
                // the device is full and its writer blocked on it, with more waiting
                await().atMost(10, TimeUnit.SECONDS).until(() -> writer.waiting() >= 2);

                for (int i = 0; i < OTHERS; i++) {
                    long start = System.nanoTime();
                    assertThat(TcpClient.echo(connectablePort(others[i]), "ping" + i)).isEqualTo("ping" + i);
                    assertThat((System.nanoTime() - start) / 1_000_000).as("ms for echo%d's round trip", i)
                            .isLessThan(2000);
                }
                // the slow device's client is paused (TCP pushes back on it), not buffered without bound
                assertThat(sent.get()).as("bytes the slow client got out").isLessThan(PAYLOAD);
                assertThat(writer.waiting()).isLessThanOrEqualTo(DeviceWriter.HIGH_WATER + 1);
                assertThat(app.bridges().bridge("stuck").clients()).hasSize(1);

                // the device reads again: everything arrives, in order
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                Thread device = new Thread(() -> {
                    try {
                        while (got.size() < PAYLOAD) {
                            byte[] b = stuck.read(65536, 1000);
                            if (b != null) {
                                synchronized (got) {
                                    got.write(b);
                                }
                            }
                        }
                    } catch (Exception e) {
                        // the wait below fails
                    }
                }, "stuck-device-reads-again");
                device.setDaemon(true);
                device.start();
                await().atMost(60, TimeUnit.SECONDS).until(() -> got.size() >= PAYLOAD);
                assertThat(sha256(got.toByteArray())).isEqualTo(sha256(payload));
            }
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                cleanup.get(i).close();
            }
        }
    }

    private static String connection(String name, int port, String device) {
        return """
                connection: &%s
                  accepter: tcp,127.0.0.1,%d
                  connector: serialdev,%s,115200n81,local
                """.formatted(name, port, device);
    }

    private static int connectablePort(int port) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        return port;
    }

    private static TcpClient connectWhenListening(int port) throws Exception {
        return new TcpClient(connectablePort(port));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
