package land.keen.ser2net.bridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.NetNamespace;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client whose network vanished (no FIN, no RST) frees a max-connections 1 port within the keepalive bound, and the
 * next client is served (issue 9 §3). The client is a second host: a network namespace on a veth pair.
 */
class VanishedClientTest {

    @TempDir
    Path dir;

    @Test
    void aClientWhoseLinkIsCutIsDroppedAndTheNextClientServed() throws Exception {
        try (NetNamespace ns = NetNamespace.create(); Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty);
             LogCapture log = new LogCapture()) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            // short timing so the test takes seconds: probed after 1 s of silence, dropped after 2 missed probes
            Files.writeString(config, """
                    connection: &gateway
                      accepter: tcp,%s,%d
                      connector: serialdev,%s,115200n81,local
                      options:
                        keepalive-idle: 1
                        keepalive-interval: 1
                        keepalive-count: 2
                        tcp-user-timeout: 3
                    """.formatted(ns.hostAddress(), port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                Process gateway = ns.start("python3", "-c", """
                        import socket, sys, time
                        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
                        s.sendall(b"x")
                        print(s.recv(1).decode(), flush=True)
                        time.sleep(120)
                        """, ns.hostAddress(), String.valueOf(port));
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                            StandardCharsets.UTF_8));
                    assertThat(out.readLine()).as("the gateway in the namespace is served").isEqualTo("x");
                    Bridge bridge = app.bridges().bridge("gateway");
                    assertThat(bridge.clients()).hasSize(1);

                    ns.cutLink();
                    long cut = System.nanoTime();
                    await().atMost(15, TimeUnit.SECONDS).until(() -> bridge.clients().isEmpty());
                    double seconds = (System.nanoTime() - cut) / 1e9;
                    System.out.printf("vanished client dropped %.1f s after its link was cut%n", seconds);
                    assertThat(seconds).as("seconds from the cut until the port is free").isLessThan(8);
                    assertThat(log.lines("dropped: no answer to keepalive")).hasSize(1);

                    // the gateway, back from elsewhere, is served at once
                    try (Socket next = new Socket()) {
                        next.connect(new InetSocketAddress(ns.hostAddress(), port), 2000);
                        next.setSoTimeout(5000);
                        next.getOutputStream().write('y');
                        assertThat(next.getInputStream().read()).as("echo for the next client").isEqualTo('y');
                    }
                } finally {
                    gateway.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void timingIsSetAppWideByPropertyAndInSer2netYamlByDefaultAndOption() throws Exception {
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty); Pty pty2 = new Pty();
             EchoDevice echo2 = new EchoDevice(pty2)) {
            int plain = Ports.free();
            int tuned = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    default:
                      name: keepalive-interval
                      value: 7
                    connection: &plain
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    connection: &tuned
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                      options:
                        keepalive-idle: 9
                        tcp-user-timeout: 0
                    """.formatted(plain, pty.slavePath(), tuned, pty2.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(),
                    "ser2net.keepalive.count", "4"))) {
                // property count 4, ser2net.yaml default interval 7, built-in idle 20 and user timeout 50 s
                assertThat(socketOf(app, "plain", plain)).containsExactly(20, 7, 4, 50_000);
                // the connection's own options win
                assertThat(socketOf(app, "tuned", tuned)).containsExactly(9, 7, 4, 0);
            }
        }
    }

    /** idle, interval, count, user timeout (ms) of the server side of a client of {@code name}. */
    private static List<Integer> socketOf(RunningApp app, String name, int port) throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        try (TcpClient client = new TcpClient(port)) {
            client.send("k");
            assertThat(client.readText(1, 5000)).isEqualTo("k");
            var socket = ((EpollSocketChannel) app.bridges().bridge(name).clients().get(0)).config();
            return List.of(socket.getTcpKeepIdle(), socket.getTcpKeepIntvl(), socket.getTcpKeepCnt(),
                    socket.getTcpUserTimeout());
        }
    }

    @Test
    void byDefaultAVanishedClientIsDroppedWithinAMinute() throws Exception {
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty)) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &plain
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                TcpClient client = new TcpClient(port);
                client.send("z");
                assertThat(client.readText(1, 5000)).isEqualTo("z");
                List<Channel> clients = app.bridges().bridge("plain").clients();
                assertThat(clients).hasSize(1).first().isInstanceOf(EpollSocketChannel.class);
                var socket = ((EpollSocketChannel) clients.get(0)).config();
                assertThat(socket.isKeepAlive()).isTrue();
                // first probe after 20 s of silence, then every 10 s, dropped after 3 unanswered: 50 s
                assertThat(socket.getTcpKeepIdle()).isEqualTo(20);
                assertThat(socket.getTcpKeepIntvl()).isEqualTo(10);
                assertThat(socket.getTcpKeepCnt()).isEqualTo(3);
                assertThat(socket.getTcpUserTimeout()).isEqualTo(50_000);
                assertThat(socket.getTcpKeepIdle() + socket.getTcpKeepIntvl() * socket.getTcpKeepCnt())
                        .as("seconds a vanished client holds its port").isLessThanOrEqualTo(60);
                client.close();
            }
        }
    }
}
