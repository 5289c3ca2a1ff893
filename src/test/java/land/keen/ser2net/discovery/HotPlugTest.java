package land.keen.ser2net.discovery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.testing.FakeSysfs;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.StickNode;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Discovery end to end through the real app: a fake sysfs in the real kernel layout, ptys as sticks, snippets in a
 * temp folder, plain TCP clients.
 */
class HotPlugTest {

    @TempDir
    Path dir;

    StickNode node;
    FakeSysfs sysfs;
    RunningApp app;
    final LogCapture log = new LogCapture();

    @BeforeEach
    void setUp() throws Exception {
        node = new StickNode(dir);
        sysfs = node.sysfs();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        node.close();
        log.close();
    }

    void startApp() throws Exception {
        app = RunningApp.start(node.settings());
    }

    void snippet(String file, String text) throws Exception {
        node.snippet(file, text);
    }

    static String connection(String name, int port) {
        return StickNode.connection(name, port);
    }

    Pty plug(String tty, String portPath, String vid, String pid, String serial) {
        return node.plug(tty, portPath, vid, pid, serial);
    }

    void unplug(String portPath, String tty, Pty pty) {
        node.unplug(portPath, tty, pty);
    }

    static void echoes(int port, String text) throws Exception {
        assertThat(TcpClient.echo(port, text)).isEqualTo(text);
    }

    @Test
    void plugServesWithinASecondUnplugReleasesAndReplugUnderAnotherNameServesThePortAgain() throws Exception {
        int port = Ports.free();
        snippet("10c4:ea60.yaml", connection("zigbee", port));
        startApp();
        assertThat(Ports.listening(port)).isFalse();

        Pty first = plug("ttyUSB0", "1-1.4.2", "10c4", "ea60", "0001");
        await().atMost(1, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        try (TcpClient client = new TcpClient(port)) {
            client.send("ping");
            assertThat(client.readText(4, 5000)).isEqualTo("ping");
            unplug("1-1.4.2", "ttyUSB0", first);
            assertThat(client.readUntilClosed(2000)).isEmpty();
        }
        await().atMost(1, TimeUnit.SECONDS).until(() -> !Ports.listening(port));

        plug("ttyUSB1", "1-1.4.3", "10c4", "ea60", "0001");
        await().atMost(1, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        echoes(port, "again");
        assertThat(app.bridges().bridge("zigbee").spec().device()).endsWith("ttyUSB1");
        assertThat(log.text()).contains("device found: " + sysfs.devRoot().resolve("ttyUSB0"))
                .contains("device lost: " + sysfs.devRoot().resolve("ttyUSB0"));
    }

    @Test
    void twoSnippetsMatchingEquallyAreRefusedLoudlyWhileOthersServe() throws Exception {
        int zigbee = Ports.free();
        int other = Ports.free();
        int zwave = Ports.free();
        snippet("10c4:ea60.yaml", connection("zigbee", zigbee));
        snippet("also-cp210x.yaml", "match: {vendor: \"10c4\", product: \"ea60\"}\n" + connection("other", other));
        snippet("0658:0200.yaml", connection("zwave", zwave));
        startApp();
        plug("ttyUSB0", "1-1", "10c4", "ea60", "0001");
        plug("ttyACM0", "1-2", "0658", "0200", null);
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(zwave));
        echoes(zwave, "zw");
        assertThat(Ports.listening(zigbee)).isFalse();
        assertThat(Ports.listening(other)).isFalse();
        await().atMost(2, TimeUnit.SECONDS).until(() -> log.text().contains("refused"));
        assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains("10c4:ea60.yaml")
                .contains("also-cp210x.yaml").contains(sysfs.devRoot().resolve("ttyUSB0").toString()));

        // resolved by making one more specific: the serial wins
        snippet("also-cp210x.yaml", "match: {vendor: \"10c4\", product: \"ea60\", serial: \"0001\"}\n"
                                    + connection("other", other));
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(other));
        echoes(other, "specific");
        assertThat(Ports.listening(zigbee)).isFalse();
    }

    @Test
    void twoIdenticalAdaptersWantingOnePortAreBothRefused() throws Exception {
        int ftdi = Ports.free();
        int byPath = Ports.free();
        snippet("0403:6001.yaml", connection("rs485", ftdi));
        snippet("furnace.yaml", "match: {vendor: \"0403\", product: \"6001\", port-path: \"1-3\"}\n"
                                + connection("furnace", byPath));
        startApp();
        plug("ttyUSB0", "1-1", "0403", "6001", "A105GKV2");
        plug("ttyUSB1", "1-2", "0403", "6001", "A105GKV3");
        plug("ttyUSB2", "1-3", "0403", "6001", "A105GKV4");
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(byPath));
        echoes(byPath, "furnace");
        await().atMost(2, TimeUnit.SECONDS).until(() -> log.text().contains("refused"));
        assertThat(Ports.listening(ftdi)).isFalse();
        assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains("A105GKV2").contains("A105GKV3")
                .contains("1-1").contains("1-2"));
    }

    @Test
    void snippetEditsTakeEffectWithoutRestartIncludingAConfigMapSwap() throws Exception {
        int before = Ports.free();
        int after = Ports.free();
        int third = Ports.free();
        // a ConfigMap volume: files are links into ..data, which links to a timestamped folder
        Path v1 = Files.createDirectories(node.snippets().resolve("..2026_11_25_v1"));
        Files.writeString(v1.resolve("zigbee.yaml"), "match: {vendor: \"10c4\", product: \"ea60\"}\n"
                                                     + connection("zigbee", before));
        Files.createSymbolicLink(node.snippets().resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(node.snippets().resolve("zigbee.yaml"), Path.of("..data/zigbee.yaml"));
        startApp();
        plug("ttyUSB0", "1-1", "10c4", "ea60", "0001");
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(before));
        echoes(before, "v1");

        Path v2 = Files.createDirectories(node.snippets().resolve("..2026_11_25_v2"));
        Files.writeString(v2.resolve("zigbee.yaml"), "match: {vendor: \"10c4\", product: \"ea60\"}\n"
                                                     + connection("zigbee", after) + "# edited\n");
        Path tmpLink = node.snippets().resolve("..data_tmp");
        Files.createSymbolicLink(tmpLink, v2.getFileName());
        Files.move(tmpLink, node.snippets().resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(after) && !Ports.listening(before));
        echoes(after, "v2");

        // a new file for another stick, then deleting it
        snippet("0658:0200.yaml", connection("zwave", third));
        plug("ttyACM0", "1-2", "0658", "0200", null);
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(third));
        Files.delete(node.snippets().resolve("0658:0200.yaml"));
        await().atMost(2, TimeUnit.SECONDS).until(() -> !Ports.listening(third));
        assertThat(Ports.listening(after)).isTrue();
    }

    @Test
    void anUnmatchedStickIsLoggedOnceWithWhatASnippetNeeds() throws Exception {
        startApp();
        plug("ttyUSB0", "1-1.2", "1a86", "7523", null);
        await().atMost(2, TimeUnit.SECONDS).until(() -> log.text().contains("no snippet matches"));
        // a few more ticks: still only once
        app.awaitReconcilePasses(5);
        assertThat(log.lines("no snippet matches")).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("1a86:7523").contains("1-1.2"));
    }

    @Test
    void aHundredPlugCyclesWithAClientLeakNoThreadsOrFiles() throws Exception {
        int port = Ports.free();
        snippet("10c4:ea60.yaml", connection("zigbee", port));
        startApp();
        // warm up once so lazily created pools exist before counting
        cycle(port, "ttyUSB0");
        int threads = Thread.activeCount();
        long fds = openFiles();
        for (int i = 1; i <= 100; i++) {
            cycle(port, "ttyUSB" + (i % 3));
        }
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo(threads + 2);
            assertThat(openFiles()).as("open file descriptors").isLessThanOrEqualTo(fds + 5);
        });
        // every bridge's own threads ended with it (the last cycle unplugged the stick); the shared network
        // threads do not grow with the bridges
        await().atMost(15, TimeUnit.SECONDS).until(() -> bridgeThreads() == 0);
        assertThat(networkThreads()).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        // nor did any route: the device route a client made went with its bridge each time
        assertThat(app.context().getRoutes()).extracting(org.apache.camel.Route::getRouteId)
                .noneMatch(id -> id.startsWith("bridge-"));
    }

    private void cycle(int port, String tty) throws Exception {
        Pty pty = plug(tty, "1-1", "10c4", "ea60", "0001");
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        try (TcpClient client = new TcpClient(port)) {
            client.send("c");
            assertThat(client.readText(1, 5000)).isEqualTo("c");
            assertThat(bridgeThreads()).as("the bridge's own device writer while its client writes")
                    .isGreaterThanOrEqualTo(1);
            unplug("1-1", tty, pty);
            assertThat(client.readUntilClosed(5000)).isEmpty();
        }
        await().atMost(2, TimeUnit.SECONDS).until(() -> !Ports.listening(port));
    }

    /** Threads of one bridge (control, device writer): only while it has clients or just had. */
    private static long bridgeThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("DeviceWriter[") || n.contains("Bridge[")).count();
    }

    private static long networkThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("Ser2netIO") || n.contains("NettyServerTCPWorker")).count();
    }

    private static long openFiles() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
