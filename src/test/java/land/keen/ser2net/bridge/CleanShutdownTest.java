package land.keen.ser2net.bridge;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop with clients connected is a clean stop in the log: no device "lost", no failed close (issue 16 §6). In this
 * JVM (Camel stopped while its bridges close clients) and as a user meets it: the app's own process, SIGTERM.
 */
class CleanShutdownTest {

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void stoppingWithClientsConnectedLogsACleanStop() throws Exception {
        try (Pty a = new Pty(); Pty b = new Pty(); EchoDevice echoA = new EchoDevice(a);
             EchoDevice echoB = new EchoDevice(b); LogCapture log = new LogCapture()) {
            int portA = Ports.free();
            int portB = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &one
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                    connection: &two
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                      options:
                        max-connections: 2
                    """.formatted(portA, a.slavePath(), portB, b.slavePath()));
            RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()));
            try (TcpClient one = connected(portA); TcpClient two = connected(portB);
                 TcpClient three = connected(portB)) {
                // device output is flowing while the app stops
                one.send("1");
                two.send("2");
                app.close();
                assertThat(one.readUntilClosed(5000)).isIn("", "1");
            }
            String text = log.text();
            assertThat(log.lines(" lost ")).as("device lost at shutdown").isEmpty();
            assertThat(log.lines("failed")).as("failures at shutdown").isEmpty();
            assertThat(text).doesNotContain("Exception");
            assertThat(log.lines("(ser2net-camel) shutdown in")).as("a stop that finished").hasSize(1);
        }
    }

    @Test
    void sigtermWithDeviceOutputFlowingLogsACleanStop() throws Exception {
        try (Pty a = new Pty(); EchoDevice echoA = new EchoDevice(a)) {
            int port = Ports.free();
            int http = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &one
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, a.slavePath()));
            Path output = dir.resolve("app.log");
            // the app as users run it, from the project folder (routes/), in its own JVM
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dser2net.config=" + config,
                    "-Dcamel.server.port=" + http, "-Dcamel.management.port=" + http,
                    "-Dcamel.management.jolokia-enabled=false", "land.keen.ser2net.app.Ser2netMain")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).directory(new File("."))
                    .start();
            // a JVM of its own starts in seconds, more on a busy machine
            await().atMost(60, TimeUnit.SECONDS).until(() -> Ports.listening(port) || !app.isAlive());
            try (TcpClient client = connected(port)) {
                Thread pump = new Thread(() -> {
                    try {
                        for (int i = 0; i < 100_000; i++) {
                            client.send("0123456789abcdef");
                        }
                    } catch (Exception closedByTheStop) {
                        // expected: the app went away
                    }
                }, "pump");
                pump.setDaemon(true);
                pump.start();
                client.read(64, 5000);
                app.destroy(); // SIGTERM
                assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("stopped").isTrue();
            } finally {
                app.destroyForcibly();
            }
            List<String> log = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(log).as("device lost at stop").noneMatch(l -> l.contains(" lost "));
            assertThat(log).as("failures at stop").noneMatch(l -> l.contains("failed") || l.contains("Exception"));
            assertThat(log).as("a stop that finished").filteredOn(l -> l.contains("(ser2net-camel) shutdown in"))
                    .hasSize(1);
        }
    }

    private static TcpClient connected(int port) throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        TcpClient client = new TcpClient(port);
        client.send("h");
        assertThat(client.readText(1, 5000)).isEqualTo("h");
        return client;
    }
}
