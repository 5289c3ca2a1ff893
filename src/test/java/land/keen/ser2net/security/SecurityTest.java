package land.keen.ser2net.security;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may connect and how: TLS and mutual TLS judged by the real openssl s_client, remaddr, idle timeout, and a
 * client that stops reading while another keeps every byte.
 */
class SecurityTest {

    @TempDir
    static Path dir;

    static RunningApp app;
    static final List<AutoCloseable> cleanup = new ArrayList<>();
    static Pty slowPty;
    static int tlsPort, mtlsPort, deniedPort, allowedPort, idlePort, slowPort, telnetTlsPort;

    @BeforeAll
    static void start() throws Exception {
        pki();
        Pty tls = pty(true);
        Pty mtls = pty(true);
        Pty denied = pty(true);
        Pty allowed = pty(true);
        Pty idle = pty(true);
        slowPty = pty(false);
        Pty telnetTls = pty(true);
        telnetTlsPort = Ports.free();
        tlsPort = Ports.free();
        mtlsPort = Ports.free();
        deniedPort = Ports.free();
        allowedPort = Ports.free();
        idlePort = Ports.free();
        slowPort = Ports.free();
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, """
                connection: &tls
                  accepter: ssl(key=%1$s/server.key,cert=%1$s/server.crt),tcp,%2$d
                  connector: serialdev,%3$s,115200n81,local
                connection: &mtls
                  accepter: ssl(key=%1$s/server.key,cert=%1$s/server.crt,CA=%1$s/ca.crt,clientauth),tcp,%4$d
                  connector: serialdev,%5$s,115200n81,local
                connection: &denied
                  accepter: tcp,%6$d
                  connector: serialdev,%7$s,115200n81,local
                  options:
                    remaddr: 10.9.9.9,0;192.168.77.0/24,0
                connection: &allowed
                  accepter: tcp,%8$d
                  connector: serialdev,%9$s,115200n81,local
                  options:
                    remaddr: 10.9.9.9,0;127.0.0.0/8,0
                connection: &idle
                  accepter: tcp,%10$d
                  timeout: 1
                  connector: serialdev,%11$s,115200n81,local
                connection: &slow
                  accepter: tcp,%12$d
                  connector: serialdev,%13$s,4000000n81,local
                  options:
                    max-connections: 2
                connection: &telnet-over-tls
                  accepter: telnet,ssl(key=%1$s/server.key,cert=%1$s/server.crt),tcp,%14$d
                  connector: serialdev,%15$s,115200n81,local
                """.formatted(dir, tlsPort, tls.slavePath(), mtlsPort, mtls.slavePath(), deniedPort,
                denied.slavePath(), allowedPort, allowed.slavePath(), idlePort, idle.slavePath(), slowPort,
                slowPty.slavePath(), telnetTlsPort, telnetTls.slavePath()));
        app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery", "false"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> app.bridges().bridges().size() == 7);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    static Pty pty(boolean echo) {
        Pty p = new Pty();
        cleanup.add(p);
        if (echo) {
            cleanup.add(0, new EchoDevice(p));
        }
        return p;
    }

    /** A CA, a server certificate and a client certificate, as a user would make them with openssl. */
    static void pki() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days",
                "2", "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.crt");
        for (String who : List.of("server", "client")) {
            run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
                    "/CN=" + (who.equals("server") ? "localhost" : "gateway"), "-keyout", who + ".key", "-out",
                    who + ".csr");
            run("openssl", "x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-out", who + ".crt");
        }
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }

    /** openssl s_client sends a line and returns what came back before the connection ended or time ran out. */
    static String sClient(int port, boolean withClientCert) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-quiet", "-verify_return_error", "-CAfile", "ca.crt", "-servername", "localhost"));
        if (withClientCert) {
            cmd.addAll(List.of("-cert", "client.crt", "-key", "client.key"));
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (out) {
                            out.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        synchronized (out) {
                            out.write(b, off, len);
                        }
                    }
                });
            } catch (java.io.IOException e) {
                // the process was ended
            }
        });
        reader.start();
        p.getOutputStream().write("over tls\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        try {
            await().atMost(5, TimeUnit.SECONDS).until(() -> !p.isAlive() || text(out).contains("over tls"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // neither echoed nor closed: the caller's assertion on the text decides
        }
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
        reader.join(5000);
        return text(out);
    }

    static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void tlsClientsGetTheDevice() throws Exception {
        assertThat(sClient(tlsPort, false)).contains("over tls");
    }

    /** A scanner that connects to the TLS port and hangs up without a handshake is not held till the timeout. */
    @Test
    void aTlsClientThatHangsUpBeforeItsHandshakeIsLetGoAtOnce() throws Exception {
        long refusedBefore = app.bridges().bridge("tls").stats().refused();
        try (java.net.Socket scanner = new java.net.Socket("127.0.0.1", tlsPort)) {
            scanner.shutdownOutput();
            // Netty's TLS handshake times out after 10 s: the connection must end well before that
            scanner.setSoTimeout(5000);
            assertThat(scanner.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> app.bridges().bridge("tls").stats().refused() > refusedBefore);
        assertThat(sClient(tlsPort, false)).contains("over tls");
    }

    @Test
    void telnetComposesOverTls() throws Exception {
        String got = sClient(telnetTlsPort, false);
        assertThat(got).contains("over tls");
        // the telnet layer inside the TLS session offers its options: IAC WILL BINARY (ff fb 00)
        assertThat(got).contains("\u00ff\u00fb\u0000");
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificateAndServesOneWithIt() throws Exception {
        assertThat(sClient(mtlsPort, false)).doesNotContain("over tls\n");
        await().atMost(5, TimeUnit.SECONDS).until(() -> app.bridges().bridge("mtls").stats().refused() >= 1);
        assertThat(sClient(mtlsPort, true)).contains("over tls");
    }

    @Test
    void remaddrRefusesOthersWithSer2netsWordsAndAdmitsMatches() throws Exception {
        try (TcpClient client = new TcpClient(deniedPort)) {
            assertThat(client.readUntilClosed(5000)).isEqualTo("Accessed denied due to your net address\r\n");
        }
        try (TcpClient client = new TcpClient(allowedPort)) {
            client.send("in");
            assertThat(client.readText(2, 5000)).isEqualTo("in");
        }
    }

    @Test
    void anIdleClientIsClosedAfterTheTimeout() throws Exception {
        try (TcpClient client = new TcpClient(idlePort)) {
            client.send("a");
            assertThat(client.readText(1, 5000)).isEqualTo("a");
            long start = System.nanoTime();
            assertThat(client.readUntilClosed(5000)).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(800);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileAFastOneGetsEveryByte() throws Exception {
        int size = 32 * 1024 * 1024;
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        try (Socket slow = new Socket(); TcpClient fast = new TcpClient(slowPort)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", slowPort));
            await().atMost(5, TimeUnit.SECONDS).until(() -> app.bridges().bridge("slow").clients().size() == 2);
            CompletableFuture<String> fastGot = CompletableFuture.supplyAsync(() -> {
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    md.update(fast.read(size, 120_000));
                    return HexFormat.of().formatHex(md.digest());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int off = 0; off < size; off += 65536) {
                slowPty.write(java.util.Arrays.copyOfRange(data, off, Math.min(size, off + 65536)));
            }
            assertThat(fastGot.get(120, TimeUnit.SECONDS)).isEqualTo(
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
            await().atMost(10, TimeUnit.SECONDS).until(() -> app.bridges().bridge("slow").clients().size() == 1);
            // the slow one was closed by the server: reading drains what it had, then end of stream
            slow.setSoTimeout(10_000);
            InputStream in = slow.getInputStream();
            byte[] buf = new byte[65536];
            long drained = 0;
            int r;
            while ((r = in.read(buf)) >= 0) {
                drained += r;
            }
            assertThat(drained).isLessThan(size);
        }
    }
}
