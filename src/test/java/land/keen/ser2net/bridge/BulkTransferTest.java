package land.keen.ser2net.bridge;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 16 MiB each way at the same time, every byte value, sha256 equal on both ends. */
class BulkTransferTest {

    static final int SIZE = 16 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void sixteenMebibytesBothWaysAtOnceArriveIntact() throws Exception {
        int port = Ports.free();
        try (Pty pty = new Pty()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &bulk
                      accepter: tcp,%d
                      connector: serialdev,%s,4000000n81,local
                    """.formatted(port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                byte[] up = random(SIZE, 1);
                byte[] down = random(SIZE, 2);
                try (TcpClient client = new TcpClient(port)) {
                    await().atMost(5, TimeUnit.SECONDS).until(() -> app.bridges().bridge("bulk").isDeviceOpen());
                    CompletableFuture<String> deviceGot = CompletableFuture.supplyAsync(() -> drainDevice(pty, SIZE));
                    CompletableFuture<Void> deviceSends = CompletableFuture.runAsync(() -> {
                        try {
                            for (int off = 0; off < SIZE; off += 65536) {
                                pty.write(java.util.Arrays.copyOfRange(down, off, Math.min(SIZE, off + 65536)));
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    CompletableFuture<Void> clientSends = CompletableFuture.runAsync(() -> {
                        try {
                            OutputStream out = client.socket().getOutputStream();
                            for (int off = 0; off < SIZE; off += 65536) {
                                out.write(up, off, Math.min(65536, SIZE - off));
                            }
                            out.flush();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    String clientGot = sha256(client.input(), SIZE, 120_000);
                    clientSends.get(120, TimeUnit.SECONDS);
                    deviceSends.get(120, TimeUnit.SECONDS);
                    assertThat(clientGot).as("device -> client").isEqualTo(sha256(down));
                    assertThat(deviceGot.get(120, TimeUnit.SECONDS)).as("client -> device").isEqualTo(sha256(up));
                }
            }
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String sha256(InputStream in, int n, int timeoutMs) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        int got = 0;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (got < n && System.currentTimeMillis() < deadline) {
            int r = in.read(buf, 0, Math.min(buf.length, n - got));
            if (r < 0) {
                break;
            }
            md.update(buf, 0, r);
            got += r;
        }
        assertThat(got).as("bytes received by the client").isEqualTo(n);
        return HexFormat.of().formatHex(md.digest());
    }

    static String drainDevice(Pty pty, int n) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            int got = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (got < n && System.currentTimeMillis() < deadline) {
                byte[] r = pty.read(Math.min(65536, n - got), 1000);
                if (r != null && r.length > 0) {
                    md.update(r);
                    got += r.length;
                }
            }
            assertThat(got).as("bytes received by the device").isEqualTo(n);
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
