package land.keen.ser2net.app;

import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Http;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.StickNode;
import land.keen.ser2net.testing.TcpClient;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that has nothing new to say writes nothing, and inputs of any size or kind are one line each: recurring
 * conditions are logged when they appear, change or clear, never on every scan.
 */
class SteadyStateTest {

    @TempDir
    Path dir;

    @Test
    void recurringConditionsAreLoggedOnceAndASteadyNodeIsQuiet() throws Exception {
        int held = Ports.free();
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, """
                connection: &held
                  accepter: tcp,%d
                  connector: serialdev,/dev/ttyUSB9,115200n81,local
                connection: &typo
                  accepter: tcp,%d
                  connector: serialdev,/dev/ttyUSB8,115200x81,local
                """.formatted(held, Ports.free()));
        Map<String, String> settings = new HashMap<>();
        settings.put("ser2net.config", config.toString());
        settings.put("ser2net.discovery", "true");
        settings.put("ser2net.sysfs-root", dir.resolve("no-sysfs").toString());
        settings.put("ser2net.snippets", dir.resolve("no-snippets").toString());
        settings.put("ser2net.demo", "false");
        try (LogCapture log = new LogCapture(); ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("0.0.0.0", held));
            try (RunningApp app = RunningApp.start(settings)) {
                app.awaitReconcilePasses(3);
                int settled = log.text().split("\n").length;
                app.awaitReconcilePasses(40);
                String after = log.text().substring(nthLine(log.text(), settled));
                assertThat(after).as("log lines after the node settled").isEmpty();
                assertThat(log.lines("[WARN]")).filteredOn(l -> l.contains("no-sysfs")).hasSize(1);
                assertThat(log.lines("[WARN]")).filteredOn(l -> l.contains("no-snippets")).hasSize(1);
                assertThat(log.lines("unknown parity")).singleElement().asString().contains("ERROR");
                assertThat(log.lines("bridge held")).singleElement().asString().contains(":" + held);
            }
        }
    }

    private static int nthLine(String text, int n) {
        int at = 0;
        for (int i = 0; i < n && at >= 0; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return Math.max(at, 0);
    }

    @Test
    void oversizedOrSpecialFilesAreOneLineEachAndTheLoopKeepsServing() throws Exception {
        try (StickNode node = new StickNode(dir); LogCapture log = new LogCapture()) {
            int port = Ports.free();
            node.snippet("10c4:ea60.yaml", StickNode.connection("zigbee", port));
            // a 5 MiB snippet (sparse: no disk needed) and a snippet that is a symlink to /dev/zero
            try (RandomAccessFile big = new RandomAccessFile(node.snippets().resolve("huge.yaml").toFile(), "rw")) {
                big.setLength(5L * 1024 * 1024);
            }
            Files.createSymbolicLink(node.snippets().resolve("zero.yaml"), Path.of("/dev/zero"));
            Pty stick = node.plug("ttyUSB0", "1-1", "10c4", "ea60", "0001");
            try (RunningApp app = RunningApp.start(node.settings())) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                assertThat(TcpClient.echo(port, "served")).isEqualTo("served");
                app.awaitReconcilePasses(10);
                assertThat(log.lines("huge.yaml")).singleElement().asString().contains("ERROR")
                        .contains("5 MiB").contains("limit");
                assertThat(log.lines("zero.yaml")).isEmpty(); // not a regular file: not a snippet at all
                assertThat(Http.get(app, "/observe/health/live").statusCode()).isEqualTo(200);
                // a new stick is still found: the loop keeps working for everything else
                node.unplug("1-1", "ttyUSB0", stick);
                await().atMost(10, TimeUnit.SECONDS).until(() -> !Ports.listening(port));
            }
        }
    }

    @Test
    void theConfigBeingADeviceIsOneClearError() throws Exception {
        try (LogCapture log = new LogCapture();
             RunningApp app = RunningApp.start(Map.of("ser2net.config", "/dev/zero"))) {
            app.awaitReconcilePasses(10);
            assertThat(log.lines("/dev/zero")).filteredOn(l -> l.contains("ERROR")).singleElement().asString()
                    .contains("not a regular file");
            assertThat(Http.get(app, "/observe/health/live").statusCode()).isEqualTo(200);
            assertThat((JsonArray) Http.ports(app).get("configProblems")).singleElement().asString()
                    .contains("/dev/zero");
        }
    }

    @Test
    void aGivenSer2netYamlIsServedExactlyUnlessDiscoveryIsAskedFor() throws Exception {
        try (StickNode node = new StickNode(dir); LogCapture log = new LogCapture()) {
            int snippetPort = Ports.free();
            node.snippet("10c4:ea60.yaml", StickNode.connection("zigbee", snippetPort));
            node.plug("ttyUSB0", "1-1", "10c4", "ea60", "0001");
            Path config = dir.resolve("ser2net.yaml");
            int configured = Ports.free();
            try (Pty pty = new Pty()) {
                Files.writeString(config, """
                        connection: &modem
                          accepter: tcp,%d
                          connector: serialdev,%s,9600n81,local
                        """.formatted(configured, pty.slavePath()));
                Map<String, String> settings = new HashMap<>(node.settings());
                settings.put("ser2net.config", config.toString());
                try (RunningApp app = RunningApp.start(settings)) {
                    await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(configured));
                    app.awaitReconcilePasses(5);
                    assertThat(Ports.listening(snippetPort)).isFalse();
                    assertThat(log.lines("discovery off")).singleElement().asString().contains(config.toString());
                }
                settings.put("ser2net.discovery", "true");
                try (RunningApp app = RunningApp.start(settings)) {
                    await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(configured)
                                                                     && Ports.listening(snippetPort));
                }
            }
        }
    }

    @Test
    void aConnectionRefusedForItsPortIsListedCountedAndInHealth() throws Exception {
        Path config = dir.resolve("ser2net.yaml");
        int port = Ports.free();
        Files.writeString(config, """
                connection: &first
                  accepter: tcp,%d
                  connector: serialdev,/dev/ttyUSB9,115200n81,local
                connection: &second
                  accepter: tcp,%d
                  connector: serialdev,/dev/ttyUSB8,115200n81,local
                """.formatted(port, port));
        try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> Http.port(app, "second") != null);
            JsonObject second = Http.port(app, "second");
            assertThat(second.get("state")).isEqualTo("refused");
            assertThat((String) second.get("reason")).contains("port " + port).contains("first");
            assertThat(Http.metric(app, "ser2net_connections_refused")).isEqualTo(1.0);
            assertThat(Http.get(app, "/observe/health?data=true").body()).contains("connection.second");
        }
    }

    @Test
    void anIncludeGlobMatchingTheIncludingFileIsAWarningNotAnError() throws Exception {
        int port = Ports.free();
        Path config = dir.resolve("all.yaml");
        Files.writeString(config, "include: ./*.yaml\n");
        try (Pty pty = new Pty(); LogCapture log = new LogCapture()) {
            Files.writeString(dir.resolve("modem.yaml"), """
                    connection: &modem
                      accepter: tcp,%d
                      connector: serialdev,%s,9600n81,local
                    """.formatted(port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                app.awaitReconcilePasses(5);
                assertThat(log.lines("all.yaml")).filteredOn(l -> l.contains("also matches")).singleElement()
                        .asString().contains("WARN");
                assertThat(log.lines("ERROR")).isEmpty();
            }
        }
    }
}
