package land.keen.ser2net.kubernetes;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
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
 * Kubernetes publishing end to end: the real app with ptys as sticks (as in HotPlugTest) against fabric8's mock API
 * server in CRUD mode, which stores what it is sent and answers reads, lists by label and deletes like a real one.
 * The store outlives the server object, so stopping and starting the server on the same port is an API server
 * outage with etcd intact.
 */
class KubernetesPublishingTest {

    static final String NS = "iot-system";
    static final String NODE = "node-a";
    /** A documentation address (RFC 5737): only written into slices, never contacted. */
    static final String HOST_IP = "192.0.2.10";
    static final String POD = "ser2net-x7k2p";
    /** The mock server logs every request at INFO; held here so the level sticks (JUL keeps loggers weakly). */
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @TempDir
    Path dir;

    StickNode node;
    FakeSysfs sysfs;
    RunningApp app;
    final LogCapture log = new LogCapture();

    final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    final int apiPort = Ports.free();
    KubernetesMockServer server;
    NamespacedKubernetesClient kube;
    String podUid;

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
        stopApi();
        log.close();
    }

    /** Starts (or restarts) the API server on apiPort over the same store; the first start creates our Pod. */
    void startApi() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), store, false);
        server.start(InetAddress.getLoopbackAddress(), apiPort);
        kube = server.createClient();
        if (podUid == null) {
            podUid = kube.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(POD)
                    .withNamespace(NS).endMetadata().build()).create().getMetadata().getUid();
            assertThat(podUid).isNotBlank();
        }
    }

    void stopApi() {
        if (kube != null) {
            kube.close();
            kube = null;
        }
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    void startApp() throws Exception {
        Map<String, String> s = node.settings();
        s.put("ser2net.kubernetes.master-url", "http://127.0.0.1:" + apiPort);
        s.put("ser2net.kubernetes.trust-certs", "true");
        s.put("ser2net.kubernetes.namespace", NS);
        s.put("ser2net.kubernetes.node-name", NODE);
        s.put("ser2net.kubernetes.host-ip", HOST_IP);
        // no pod uid: the publisher looks the pod up, as it must when POD_UID is not in the manifest
        s.put("ser2net.kubernetes.pod-name", POD);
        s.put("ser2net.kubernetes.resync-interval", "1000");
        s.put("ser2net.kubernetes.poll-interval", "200");
        s.put("ser2net.kubernetes.backoff-max", "1000");
        app = RunningApp.start(s);
    }

    void snippet(String file, String name, int port, String service) throws Exception {
        node.snippet(file, """
                connection: &%s
                  accepter: tcp,%d
                  connector: serialdev,DEVNODE,115200n81,local,dtr=off,rts=off
                %s  options:
                    kickolduser: true
                """.formatted(name, port, service == null ? "" : "  service: " + service + "\n"));
    }

    void plug(String tty, String portPath, String vid, String pid) {
        node.plug(tty, portPath, vid, pid, "0001");
    }

    static void echoes(int port, String text) throws Exception {
        assertThat(TcpClient.echo(port, text)).isEqualTo(text);
    }

    Service service(String name) {
        return kube.services().inNamespace(NS).withName(name).get();
    }

    EndpointSlice slice(String name) {
        return kube.discovery().v1().endpointSlices().inNamespace(NS).withName(name).get();
    }

    List<Event> events(String reason) {
        return kube.events().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Test
    void plugPublishesServiceAndSliceWithOwnerAndUnplugDeletesThem() throws Exception {
        startApi();
        int port = Ports.free();
        snippet("10c4:ea60.yaml", "zigbee", port, null);
        startApp();
        plug("ttyUSB0", "1-1.4", "10c4", "ea60");

        await().atMost(5, TimeUnit.SECONDS).until(() -> slice("zigbee-node-a") != null);
        Service svc = service("zigbee-node-a");
        assertThat(svc.getSpec().getSelector()).isNullOrEmpty();
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("serial");
            assertThat(p.getProtocol()).isEqualTo("TCP");
            assertThat(p.getPort()).isEqualTo(port);
        });
        assertThat(svc.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "ser2net-camel")
                .containsEntry("keen.land/node", NODE).containsEntry("keen.land/bridge", "zigbee");
        assertThat(svc.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Pod");
            assertThat(o.getName()).isEqualTo(POD);
            assertThat(o.getUid()).isEqualTo(podUid);
        });

        EndpointSlice slice = slice("zigbee-node-a");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "zigbee-node-a")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "ser2net-camel.keen.land")
                .containsEntry("app.kubernetes.io/name", "ser2net-camel").containsEntry("keen.land/node", NODE)
                .containsEntry("keen.land/bridge", "zigbee");
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(podUid));
        Endpoint ep = slice.getEndpoints().get(0);
        assertThat(slice.getEndpoints()).hasSize(1);
        assertThat(ep.getAddresses()).containsExactly(HOST_IP);
        assertThat(ep.getNodeName()).isEqualTo(NODE);
        assertThat(ep.getConditions().getReady()).isTrue();
        assertThat(slice.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(port);
            assertThat(p.getName()).isEqualTo("serial");
        });
        await().atMost(5, TimeUnit.SECONDS).until(() -> !events("DevicePlugged").isEmpty());
        Event plugged = events("DevicePlugged").get(0);
        assertThat(plugged.getType()).isEqualTo("Normal");
        assertThat(plugged.getRegarding().getKind()).isEqualTo("Pod");
        assertThat(plugged.getRegarding().getName()).isEqualTo(POD);
        assertThat(plugged.getNote()).contains(sysfs.devRoot().resolve("ttyUSB0").toString())
                .contains(String.valueOf(port)).contains(NODE);
        echoes(port, "published");

        sysfs.unplug("1-1.4");
        await().atMost(5, TimeUnit.SECONDS).until(() -> slice("zigbee-node-a") == null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> service("zigbee-node-a") == null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !events("DeviceUnplugged").isEmpty());
        assertThat(events("DeviceUnplugged").get(0).getNote()).contains("ttyUSB0").contains(String.valueOf(port));
    }

    @Test
    void aDeviceThatCannotBeOpenedIsAWarningEvent() throws Exception {
        startApi();
        int port = Ports.free();
        snippet("10c4:ea60.yaml", "zigbee", port, null);
        startApp();
        // in sysfs, but its device node leads nowhere: every client's open fails
        sysfs.addUsbSerial("ttyUSB0", "1-2", 0, "10c4", "ea60", "0001", "Silicon Labs", "CP2102N");
        sysfs.plugDevNode("ttyUSB0", dir.resolve("no-such-pty"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        try (TcpClient client = new TcpClient(port)) {
            assertThat(client.readUntilClosed(5000)).startsWith("Device open failure");
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !events("DeviceOpenFailure").isEmpty());
        Event e = events("DeviceOpenFailure").get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getNote()).contains("ttyUSB0").contains(String.valueOf(port)).contains(NODE);
    }

    @Test
    void aClusterWideNameAnotherNodeHoldsIsRefusedLoudlyAndTheBridgeStillServes() throws Exception {
        startApi();
        kube.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata()
                .withName("zigbee-coordinator").withNamespace(NS)
                .addToLabels("app.kubernetes.io/name", "ser2net-camel").addToLabels("keen.land/node", "node-b")
                .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName("ser2net-other")
                .withUid("0f0f0f0f-0000-0000-0000-000000000000").endOwnerReference().endMetadata()
                .withNewSpec().addNewPort().withName("serial").withPort(6639).endPort().endSpec().build()).create();
        int zigbee = Ports.free();
        int zwave = Ports.free();
        snippet("10c4:ea60.yaml", "zigbee", zigbee, "zigbee-coordinator");
        snippet("0658:0200.yaml", "zwave", zwave, "zwave-controller");
        startApp();
        plug("ttyUSB0", "1-1", "10c4", "ea60");
        plug("ttyUSB1", "1-2", "0658", "0200");

        // a free cluster-wide name: this node claims it; its slice carries the node in its name
        await().atMost(5, TimeUnit.SECONDS).until(() -> slice("zwave-controller-node-a") != null);
        assertThat(service("zwave-controller").getMetadata().getLabels()).containsEntry("keen.land/node", NODE);
        assertThat(slice("zwave-controller-node-a").getMetadata().getLabels())
                .containsEntry("kubernetes.io/service-name", "zwave-controller");

        // a held one: refused with a Warning event, no slice, the other node's Service untouched
        await().atMost(5, TimeUnit.SECONDS).until(() -> !events("ServiceNameConflict").isEmpty());
        Event conflict = events("ServiceNameConflict").get(0);
        assertThat(conflict.getType()).isEqualTo("Warning");
        assertThat(conflict.getNote()).contains("zigbee-coordinator").contains("node node-b").contains(NODE)
                .contains("ttyUSB0");
        assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains("zigbee-coordinator")
                .contains("node node-b"));
        assertThat(kube.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "zigbee-coordinator").list().getItems()).isEmpty();
        assertThat(service("zigbee-coordinator").getMetadata().getLabels()).containsEntry("keen.land/node",
                "node-b");
        echoes(zigbee, "still serving");

        // refused once, not on every resync (the test's resync interval is shorter than this)
        await().during(2500, TimeUnit.MILLISECONDS).atMost(4, TimeUnit.SECONDS)
                .until(() -> events("ServiceNameConflict").size() == 1
                             && log.lines("is already claimed by").size() == 1);
    }

    @Test
    void bridgesServeWhileTheApiIsDownAndThePublisherCatchesUpWhenItReturns() throws Exception {
        int zigbee = Ports.free();
        int zwave = Ports.free();
        snippet("10c4:ea60.yaml", "zigbee", zigbee, null);
        snippet("0658:0200.yaml", "zwave", zwave, null);
        // nothing listens on the API port yet: a cluster whose API server is down when the node boots
        startApp();
        plug("ttyUSB0", "1-1", "10c4", "ea60");
        plug("ttyUSB1", "1-2", "0658", "0200");
        await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(zigbee) && Ports.listening(zwave));
        echoes(zigbee, "z1");
        echoes(zwave, "w1");
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.text().contains("Kubernetes API unreachable"));
        // several more failed attempts with backoff, still one line for the outage
        await().during(2, TimeUnit.SECONDS).atMost(4, TimeUnit.SECONDS)
                .until(() -> log.lines("Kubernetes API unreachable").size() == 1);

        startApi();
        await().atMost(5, TimeUnit.SECONDS).until(() -> slice("zigbee-node-a") != null
                                                        && slice("zwave-node-a") != null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.text().contains("reachable again"));
        // events queued during the outage arrive; the pod lookup waited for the server instead of giving up
        await().atMost(5, TimeUnit.SECONDS).until(() -> events("DevicePlugged").size() == 2);
        assertThat(slice("zigbee-node-a").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(podUid));

        // a second outage while running: a stick is pulled meanwhile, the other keeps serving
        stopApi();
        sysfs.unplug("1-2");
        await().atMost(2, TimeUnit.SECONDS).until(() -> !Ports.listening(zwave));
        echoes(zigbee, "z2");
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.lines("Kubernetes API unreachable").size() == 2);

        startApi();
        // slice first, then its Service: two calls, so wait for both
        await().atMost(5, TimeUnit.SECONDS).until(() -> slice("zwave-node-a") == null
                                                        && service("zwave-node-a") == null);
        assertThat(slice("zigbee-node-a")).isNotNull();
        await().atMost(5, TimeUnit.SECONDS).until(() -> events("DeviceUnplugged").size() == 1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.lines("reachable again").size() == 2);
        echoes(zigbee, "z3");
    }
}
