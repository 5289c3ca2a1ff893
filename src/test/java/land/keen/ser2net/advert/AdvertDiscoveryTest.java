package land.keen.ser2net.advert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.NamespacedApp;
import land.keen.ser2net.testing.NetnsPair;
import land.keen.ser2net.testing.StickNode;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node serving sticks with the shipped snippets, found on its LAN by clients nobody here wrote: Home Assistant's
 * python3-zeroconf and zigbee2mqtt's zigbee-herdsman. The node and the client are two network namespaces joined by a
 * veth pair; the app runs in the node namespace with its adverts bound to the veth address, so no packet of this test
 * reaches the machine's own interfaces.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdvertDiscoveryTest {

    private static final String ZIGBEE = "_zigbee-coordinator._tcp.local.";
    private static final String IOSTREAM = "_iostream._tcp.local.";
    private static final String ZBDONGLE_E = "zbdongle_e." + ZIGBEE;

    @TempDir
    static Path dir;
    static NetnsPair net;
    static StickNode node;
    static ZeroconfClient zigbeeBrowser;
    static ZeroconfClient iostreamBrowser;
    static ZeroconfClient packets;
    static NamespacedApp app;
    static Pty zbdongle;

    @BeforeAll
    static void nodeAndClientOnOneCable() throws Exception {
        Assumptions.assumeTrue(ZeroconfClient.available(), "python3-zeroconf is not installed (apt-get install "
                                                           + "python3-zeroconf)");
        net = NetnsPair.create("mdns");
        node = new StickNode(dir);
        Path shipped = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("snippets");
        for (String s : List.of("1a86:55d4.yaml", "0658:0200.yaml")) {
            Files.copy(shipped.resolve(s), node.snippets().resolve(s));
        }
        zigbeeBrowser = ZeroconfClient.browse(net.client(), ZIGBEE);
        packets = ZeroconfClient.browse(net.client(), ZIGBEE, "--packets");
        // Home Assistant's side already holds the name the Z-Wave stick's advert will ask for
        iostreamBrowser = ZeroconfClient.browse(net.client(), IOSTREAM, "--register", "zstick_gen5", "4242",
                net.clientAddress());
        await().atMost(20, TimeUnit.SECONDS).until(() -> zigbeeBrowser.has("Browsing") && packets.has("Listening")
                                                         && iostreamBrowser.has("Registered"));
        Map<String, String> settings = new HashMap<>(node.settings());
        settings.put("ser2net.scan-interval", "100");
        settings.put("ser2net.mdns.addresses", net.nodeAddress());
        settings.put("ser2net.mdns.host-name", "garage");
        app = NamespacedApp.start(net.node(), settings, dir.resolve("app.log"));
    }

    @AfterAll
    static void unplugTheCable() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] { app, zigbeeBrowser, iostreamBrowser, packets, node }) {
            if (c != null) {
                c.close();
            }
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void homeAssistantResolvesAZigbeeStickToTheNodesAddressPortAndRadio() throws Exception {
        plugZbdongle();

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(
                () -> assertThat(zigbeeBrowser.resolved(ZBDONGLE_E)).as("%s\n%s", zigbeeBrowser, app.log())
                        .isNotNull());
        ZeroconfClient.Event seen = zigbeeBrowser.resolved(ZBDONGLE_E);
        assertThat(seen.json().get("addresses")).isEqualTo(List.of(net.nodeAddress()));
        assertThat(seen.json().getInteger("port")).isEqualTo(6639);
        assertThat(seen.json().getString("server")).isEqualTo("garage.local.");
        assertThat(ZeroconfClient.txt(seen)).containsEntry("radio_type", "ezsp")
                .containsEntry("serial_number", "5c0a1b2c").containsEntry("provider", "ser2net")
                .containsEntry("gensiostack", "tcp");
    }

    @Test
    @Order(2)
    void everyAnnouncementCarriesTheAddress() {
        // a browser that builds a service from one packet (zigbee-herdsman's) needs the A record beside the SRV
        await().atMost(10, TimeUnit.SECONDS).until(() -> packets.withSrv(ZBDONGLE_E).size() >= 2);
        for (JsonObject packet : packets.withSrv(ZBDONGLE_E)) {
            assertThat(packet.get("a")).as(packet.toJson()).isEqualTo(List.of("garage.local. " + net.nodeAddress()));
        }
    }

    @Test
    @Order(3)
    void zigbee2mqttFindsTheCoordinatorByMdns() throws Exception {
        Path herdsman = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/node");
        Assumptions.assumeTrue(Files.isDirectory(herdsman.resolve("node_modules/zigbee-herdsman")),
                "zigbee-herdsman is not installed (npm ci --prefix src/test/node)");
        Process p = new ProcessBuilder(NetnsPair.in(net.client(), "node", "resolve-mdns.js", "zigbee-coordinator"))
                .directory(herdsman.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().reduce((a, b) -> b).orElse(""))
                .as(out)
                .isEqualTo("RESULT {\"adapter\":\"ember\",\"path\":\"tcp://" + net.nodeAddress() + ":6639\"}");
    }

    @Test
    @Order(4)
    void portsAndMetricsShowTheAdvert() throws Exception {
        JsonObject port = port("zbdongle_e");
        JsonObject advert = (JsonObject) port.get("advert");
        assertThat(advert.getString("name")).isEqualTo("zbdongle_e");
        assertThat(advert.getString("type")).isEqualTo("_zigbee-coordinator._tcp");
        assertThat(advert.getString("state")).isEqualTo("announced");
        assertThat(advert.get("addresses")).isEqualTo(List.of(net.nodeAddress()));
        assertThat(app.get("/observe/metrics")).containsPattern(
                "ser2net_bridge_advert\\{[^}]*bridge=\"zbdongle_e\"[^}]*name=\"zbdongle_e\"[^}]*"
                + "type=\"_zigbee-coordinator._tcp\"[^}]*} 1\\.0");
    }

    @Test
    @Order(5)
    void aZwaveStickUsesSer2netsTypeAndYieldsANameAlreadyTaken() throws Exception {
        node.plug("ttyUSB1", "1-2", "0658", "0200", null);

        String ours = "zstick_gen5 (2)." + IOSTREAM;
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(
                () -> assertThat(iostreamBrowser.resolved(ours)).as("%s\n%s", iostreamBrowser, app.log())
                        .isNotNull());
        ZeroconfClient.Event seen = iostreamBrowser.resolved(ours);
        assertThat(seen.json().get("addresses")).isEqualTo(List.of(net.nodeAddress()));
        assertThat(seen.json().getInteger("port")).isEqualTo(6640);
        // mdns-sysattrs: what sysfs says about the stick (a Gen5 has no serial or strings)
        assertThat(ZeroconfClient.txt(seen)).containsEntry("devicetype", "serialusb")
                .containsEntry("idVendor", "0658").containsEntry("idProduct", "0200")
                .containsEntry("bInterfaceNumber", "00").doesNotContainKey("serial");
        // the name's first holder keeps it
        ZeroconfClient.Event theirs = iostreamBrowser.resolved("zstick_gen5." + IOSTREAM);
        assertThat(theirs).isNotNull();
        assertThat(theirs.json().getInteger("port")).isEqualTo(4242);
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                ((JsonObject) port("zstick_gen5").get("advert")).getString("name")).isEqualTo("zstick_gen5 (2)"));
    }

    @Test
    @Order(6)
    void anEditedSnippetIsAnnouncedAgain() throws Exception {
        Path snippet = node.snippets().resolve("1a86:55d4.yaml");
        Files.writeString(snippet, Files.readString(snippet) + "    mdns-txt: zone=garage\n");

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            ZeroconfClient.Event seen = zigbeeBrowser.resolved(ZBDONGLE_E);
            assertThat(seen).as("%s", zigbeeBrowser).isNotNull();
            assertThat(ZeroconfClient.txt(seen)).containsEntry("zone", "garage").containsEntry("radio_type", "ezsp");
        });
    }

    @Test
    @Order(7)
    void anUnpluggedStickIsGoneFromTheNetworkWithinFiveSeconds() {
        long unplugged = System.nanoTime();
        node.unplug("1-1", "ttyUSB0", zbdongle);

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(
                () -> assertThat(zigbeeBrowser.removed(ZBDONGLE_E)).as("%s", zigbeeBrowser).isNotNull());
        Duration took = Duration.ofNanos(zigbeeBrowser.removed(ZBDONGLE_E).nanos() - unplugged);
        System.out.println("advert withdrawn " + took.toMillis() + " ms after the unplug");
    }

    @Test
    @Order(8)
    void stoppingTheAppWithdrawsItsAdverts() throws Exception {
        String ours = "zstick_gen5 (2)." + IOSTREAM;
        assertThat(iostreamBrowser.resolved(ours)).isNotNull();

        app.stop();

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(
                () -> assertThat(iostreamBrowser.removed(ours)).as("%s\n%s", iostreamBrowser, app.log())
                        .isNotNull());
        assertThat(iostreamBrowser.resolved("zstick_gen5." + IOSTREAM)).as("theirs stays").isNotNull();
    }

    private static void plugZbdongle() {
        if (zbdongle == null) {
            zbdongle = node.plug("ttyUSB0", "1-1", "1a86", "55d4", "5c0a1b2c");
        }
    }

    private static JsonObject port(String name) throws Exception {
        JsonObject ports = (JsonObject) Jsoner.deserialize(app.get("/ports"));
        for (Object o : (JsonArray) ports.get("ports")) {
            JsonObject p = (JsonObject) o;
            if (name.equals(p.getString("name"))) {
                return p;
            }
        }
        throw new AssertionError("no port " + name + " in " + ports.toJson());
    }
}
