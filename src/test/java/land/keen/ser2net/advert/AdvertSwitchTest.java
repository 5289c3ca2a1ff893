package land.keen.ser2net.advert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.NamespacedApp;
import land.keen.ser2net.testing.NetnsPair;
import land.keen.ser2net.testing.StickNode;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switches deploy/README.md gives for a cluster: adverts off everywhere (SER2NET_MDNS_ENABLED=false) or on some
 * nodes (ser2net.mdns.off-nodes, matched with the DaemonSet's NODE_NAME). The bridge still serves; nothing reaches
 * the LAN, and /ports says why.
 */
class AdvertSwitchTest {

    @TempDir
    Path dir;
    NetnsPair net;
    StickNode node;
    ZeroconfClient browser;
    NamespacedApp app;

    @BeforeEach
    void nodeWithAZigbeeStick() throws Exception {
        Assumptions.assumeTrue(ZeroconfClient.available(), "python3-zeroconf is not installed (apt-get install "
                                                           + "python3-zeroconf)");
        net = NetnsPair.create("mdnsoff");
        node = new StickNode(dir);
        Path shipped = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("snippets");
        Files.copy(shipped.resolve("1a86:55d4.yaml"), node.snippets().resolve("1a86:55d4.yaml"));
        node.plug("ttyUSB0", "1-1", "1a86", "55d4", "5c0a1b2c");
        browser = ZeroconfClient.browse(net.client(), "_zigbee-coordinator._tcp.local.");
        await().atMost(20, TimeUnit.SECONDS).until(() -> browser.has("Browsing"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] { app, browser, node, net }) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void offForTheWholeClusterWithOneEnvironmentVariable() throws Exception {
        app = start(Map.of(), Map.of("SER2NET_MDNS_ENABLED", "false"));
        assertSilentWithReason("ser2net.mdns.enabled is false");
    }

    @Test
    void offOnTheNodesNamed() throws Exception {
        app = start(Map.of("ser2net.mdns.off-nodes", "attic, garage"), Map.of("NODE_NAME", "garage"));
        assertSilentWithReason("node garage is in ser2net.mdns.off-nodes");
    }

    @Test
    void onForTheOtherNodesOnEveryInterfaceByDefault() throws Exception {
        // no ser2net.mdns.addresses: the interfaces are chosen as in a cluster (here: the namespace's one cable)
        Map<String, String> settings = new HashMap<>(node.settings());
        settings.put("ser2net.mdns.off-nodes", "attic");
        app = NamespacedApp.start(net.node(), settings, Map.of("NODE_NAME", "garage"), dir.resolve("app.log"));

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                browser.resolved("zbdongle_e._zigbee-coordinator._tcp.local.")).as("%s", browser).isNotNull());
        assertThat(browser.resolved("zbdongle_e._zigbee-coordinator._tcp.local.").json().get("addresses"))
                .isEqualTo(java.util.List.of(net.nodeAddress()));
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(advert().getString("state")).isEqualTo("announced");
            assertThat(advert().get("addresses").toString()).contains(net.nodeAddress());
        });
    }

    @Test
    void aLanThatComesUpLaterGetsTheAdverts() throws Exception {
        // a node that boots before its network (Wi-Fi, DHCP): no address to advertise on yet
        net.nodeLink(false);
        Map<String, String> settings = new HashMap<>(node.settings());
        settings.put("ser2net.mdns.interface-check-interval", "1000");
        app = NamespacedApp.start(net.node(), settings, dir.resolve("app.log"));
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(advert()).isNotNull();
            assertThat(advert().getString("state")).isEqualTo("failed");
            assertThat(advert().getString("reason")).isEqualTo("no network address to advertise on");
        });

        net.nodeLink(true);

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                browser.resolved("zbdongle_e._zigbee-coordinator._tcp.local.")).as("%s", browser).isNotNull());
        assertThat(advert().getString("state")).isEqualTo("announced");
    }

    private NamespacedApp start(Map<String, String> extra, Map<String, String> env) throws Exception {
        Map<String, String> settings = new HashMap<>(node.settings());
        settings.put("ser2net.scan-interval", "100");
        settings.put("ser2net.mdns.addresses", net.nodeAddress());
        settings.putAll(extra);
        return NamespacedApp.start(net.node(), settings, env, dir.resolve("app.log"));
    }

    private void assertSilentWithReason(String reason) throws Exception {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(advert()).isNotNull());
        JsonObject advert = advert();
        assertThat(advert.getString("state")).isEqualTo("off");
        assertThat(advert.getString("reason")).isEqualTo(reason);
        // an advert would reach the browser within a second of the bridge coming up
        await().during(Duration.ofSeconds(2)).atMost(3, TimeUnit.SECONDS).until(() -> !browser.has("Added"));
    }

    private JsonObject advert() throws Exception {
        JsonObject ports = (JsonObject) Jsoner.deserialize(app.get("/ports"));
        for (Object o : (JsonArray) ports.get("ports")) {
            JsonObject p = (JsonObject) o;
            if ("zbdongle_e".equals(p.getString("name"))) {
                return (JsonObject) p.get("advert");
            }
        }
        return null;
    }
}
