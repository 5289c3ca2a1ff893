package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Http;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator's typo never takes a working stick offline: a running bridge with a client, then the ser2net.yaml is
 * edited on disk as a user would (a syntax error, an invalid line spec, a half-written file), and the client keeps
 * its connection and its data while the problem is shown.
 */
class LastKnownGoodTest {

    @TempDir
    Path dir;

    Pty ptyA;
    Pty ptyB;
    EchoDevice echoA;
    EchoDevice echoB;
    LogCapture log;
    Path config;
    int portA;
    int portB;

    @BeforeEach
    void sticks() {
        ptyA = new Pty();
        ptyB = new Pty();
        echoA = new EchoDevice(ptyA);
        echoB = new EchoDevice(ptyB);
        log = new LogCapture();
        config = dir.resolve("ser2net.yaml");
        portA = Ports.free();
        portB = Ports.free();
    }

    @AfterEach
    void unplug() throws Exception {
        log.close();
        echoA.close();
        echoB.close();
        ptyA.close();
        ptyB.close();
    }

    String connections(String lineA, String lineB) {
        return """
                connection: &zigbee
                  accepter: tcp,%d
                  connector: serialdev,%s,%s,local
                connection: &zwave
                  accepter: tcp,%d
                  connector: serialdev,%s,%s,local
                """.formatted(portA, ptyA.slavePath(), lineA, portB, ptyB.slavePath(), lineB);
    }

    RunningApp start() throws Exception {
        Files.writeString(config, connections("115200n81", "115200n81"));
        RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(portA) && Ports.listening(portB));
        return app;
    }

    static void assertEchoes(TcpClient client, String text) throws Exception {
        client.send(text);
        assertThat(client.readText(text.length(), 3000)).isEqualTo(text);
    }

    @Test
    void aSyntaxErrorKeepsEveryRunningBridgeAndItsClientAndIsShown() throws Exception {
        try (RunningApp app = start(); TcpClient client = new TcpClient(portA)) {
            assertEchoes(client, "before");
            Files.writeString(config, connections("115200n81", "115200n81") + "connection: &broken\n  accepter: [tcp,\n");

            await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("the last good version keeps running").isEmpty());
            app.awaitReconcilePasses(5);
            assertEchoes(client, "after the typo");
            assertThat(Ports.listening(portB)).isTrue();
            assertThat(log.lines("bridge zigbee: down")).isEmpty();
            // one line per distinct problem, although every pass finds it again
            assertThat(log.lines("ERROR")).singleElement().satisfies(l -> assertThat(l).contains(config.toString()));

            JsonObject ports = Http.ports(app);
            assertThat((JsonArray) ports.get("configProblems")).singleElement().asString().contains(config.toString());
            JsonObject zigbee = Http.port(app, "zigbee");
            assertThat(zigbee.get("state")).isEqualTo("open");
            assertThat(zigbee.get("config")).isEqualTo("last good version");
            assertThat(Http.get(app, "/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(Http.get(app, "/observe/health?data=true").body()).contains("config.problem.1");
            assertThat(Http.metric(app, "ser2net_config_problems")).isEqualTo(1.0);

            // the next valid version applies: only the edited connection restarts, the client of the other stays
            Files.writeString(config, connections("115200n81", "9600n81"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> ptyB.termios().ospeed() == 9600
                                                             || log.text().contains("bridge zwave: up"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> Http.metric(app, "ser2net_config_problems") == 0.0);
            assertEchoes(client, "still here");
            assertThat(log.lines("bridge zigbee: down")).isEmpty();
            assertThat(log.lines("resolved:")).isNotEmpty();

            // a connection removed from a valid file is removed
            Files.writeString(config, connections("115200n81", "9600n81").replaceAll("(?s)connection: &zwave.*", ""));
            await().atMost(10, TimeUnit.SECONDS).until(() -> !Ports.listening(portB));
            assertEchoes(client, "zigbee stays");
        }
    }

    @Test
    void anInvalidLineSpecKeepsThatConnectionsLastGoodVersion() throws Exception {
        try (RunningApp app = start(); TcpClient client = new TcpClient(portA)) {
            assertEchoes(client, "hello");
            Files.writeString(config, connections("115200x81", "115200n81"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("unknown parity").isEmpty());
            app.awaitReconcilePasses(5);
            assertEchoes(client, "still served");
            assertThat(log.lines("unknown parity")).singleElement().satisfies(l -> assertThat(l)
                    .contains("ERROR").contains(config.toString()).contains("zigbee").contains("connector")
                    .contains("the last good version keeps running"));
            JsonObject zigbee = Http.port(app, "zigbee");
            assertThat(zigbee.get("state")).isEqualTo("open");
            assertThat((String) zigbee.get("configError")).contains("unknown parity");
            assertThat(Http.port(app, "zwave").get("configError")).isNull();
        }
    }

    @Test
    void aHalfWrittenFileIsNeverApplied() throws Exception {
        try (RunningApp app = start(); TcpClient client = new TcpClient(portA)) {
            assertEchoes(client, "hello");
            // an editor that truncates, then writes slowly: the empty file, then half of it, each seen by whole passes
            Files.write(config, new byte[0]);
            app.awaitReconcilePasses(3);
            String full = connections("115200n81", "115200n81") + "# saved\n";
            Files.writeString(config, full.substring(0, full.indexOf("connector", full.indexOf("&zwave"))));
            app.awaitReconcilePasses(3);
            assertEchoes(client, "while half-written");
            Files.writeString(config, full);
            app.awaitReconcilePasses(5);
            assertEchoes(client, "never dropped");
            assertThat(log.lines(": down")).isEmpty();
            assertThat(Ports.listening(portB)).isTrue();
            assertThat(log.lines("file is empty")).filteredOn(l -> l.contains("ERROR")).hasSize(1);
        }
    }

    @Test
    void aChangeIsAppliedOnlyOnceItHeldStillForOneLook() throws Exception {
        Files.writeString(config, connections("115200n81", "115200n81"));
        try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(),
                "ser2net.scan-interval", "1000"));
             TcpClient client = new TcpClient(awaitListening(portA))) {
            awaitListening(portB);
            assertEchoes(client, "hello");
            String full = connections("115200n81", "115200n81") + "# saved\n";
            // a copy in progress that happens to be valid: only the first connection so far, seen by one look
            app.awaitReconcilePasses(1);
            Files.writeString(config, full.substring(0, full.indexOf("connection: &zwave")));
            app.awaitReconcilePasses(1);
            Files.writeString(config, full);
            app.awaitReconcilePasses(3);
            assertThat(log.lines("bridge zwave: down")).isEmpty();
            assertThat(Ports.listening(portB)).isTrue();
            assertEchoes(client, "still here");
        }
    }

    @Test
    void aConfigMapSwapAppliesTheNewVersionWithoutFlapping() throws Exception {
        // kubelet's layout: ser2net.yaml -> ..data/ser2net.yaml, ..data -> ..<timestamp>/, swapped by rename
        Path v1 = Files.createDirectories(dir.resolve("cm/..2026_12_03_v1"));
        Path v2 = Files.createDirectories(dir.resolve("cm/..2026_12_03_v2"));
        Files.writeString(v1.resolve("ser2net.yaml"), connections("115200n81", "115200n81"));
        Files.writeString(v2.resolve("ser2net.yaml"), connections("115200n81", "57600n81"));
        Path data = dir.resolve("cm/..data");
        Files.createSymbolicLink(data, v1.getFileName());
        Path mounted = dir.resolve("cm/ser2net.yaml");
        Files.createSymbolicLink(mounted, Path.of("..data/ser2net.yaml"));
        try (RunningApp app = RunningApp.start(Map.of("ser2net.config", mounted.toString()));
             TcpClient client = new TcpClient(awaitListening(portA))) {
            assertEchoes(client, "v1");
            Path next = dir.resolve("cm/..data_tmp");
            Files.createSymbolicLink(next, v2.getFileName());
            Files.move(next, data, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.lines("bridge zwave: up").size() == 2);
            assertEchoes(client, "zigbee untouched");
            assertThat(log.lines("bridge zigbee: down")).isEmpty();
            assertThat(log.lines("bridge zwave: down")).hasSize(1);
        }
    }

    static int awaitListening(int port) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        return port;
    }

    @Test
    void aConfigGrownPastTheSizeBoundIsOneErrorAndKeepsWhatRuns() throws Exception {
        try (RunningApp app = start(); TcpClient client = new TcpClient(portA)) {
            assertEchoes(client, "hello");
            // 50 MB of comments after the connections (sparse, so no disk is spent)
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(config.toFile(), "rw")) {
                f.setLength(52L * 1024 * 1024);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("limit").isEmpty());
            app.awaitReconcilePasses(5);
            assertThat(log.lines("limit")).singleElement().asString().contains("ERROR").contains("52 MiB")
                    .contains("4 MiB").contains("the last good version keeps running");
            assertEchoes(client, "still served");
            assertThat(Ports.listening(portB)).isTrue();
        }
    }

    @Test
    void aBrokenSnippetKeepsServingItsPluggedInStick() throws Exception {
        try (land.keen.ser2net.testing.StickNode node = new land.keen.ser2net.testing.StickNode(dir.resolve("node"))) {
            int port = Ports.free();
            node.snippet("10c4:ea60.yaml", land.keen.ser2net.testing.StickNode.connection("zigbee", port));
            node.plug("ttyUSB0", "1-1", "10c4", "ea60", "0001");
            try (RunningApp app = RunningApp.start(node.settings());
                 TcpClient client = new TcpClient(awaitListening(port))) {
                assertEchoes(client, "hello");
                node.snippet("10c4:ea60.yaml", land.keen.ser2net.testing.StickNode.connection("zigbee", port)
                        .replace("115200n81", "115200x81"));
                await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("unknown parity").isEmpty());
                app.awaitReconcilePasses(5);
                assertEchoes(client, "still served");
                assertThat(log.lines("bridge zigbee: down")).isEmpty();
                assertThat((String) Http.port(app, "zigbee").get("configError")).contains("unknown parity");

                node.snippet("10c4:ea60.yaml", "connection: &zigbee\n  accepter: [tcp,\n");
                app.awaitReconcilePasses(5);
                assertEchoes(client, "after a syntax error too");
                assertThat(log.lines("bridge zigbee: down")).isEmpty();
            }
        }
    }
}
