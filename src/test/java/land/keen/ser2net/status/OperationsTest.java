package land.keen.ser2net.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator sees without SSH: health, metrics, /ports, Jolokia, traces and the log. */
class OperationsTest {

    @TempDir
    static Path dir;

    static Pty pty;
    static EchoDevice echo;
    static RunningApp app;
    static int port;
    static Path traceFile;
    static LogCapture log;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        log = new LogCapture();
        pty = new Pty();
        echo = new EchoDevice(pty);
        port = Ports.free();
        traceFile = dir.resolve("trace-\\p.log");
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, """
                connection: &zigbee
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                  options:
                    max-connections: 2
                    trace-both: %s
                    trace-hexdump: true
                    trace-timestamp: true
                connection: &traced-to-log
                  accepter: tcp,%d
                  connector: serialdev,%s,115200n81,local
                  options:
                    trace-write: log
                """.formatted(port, pty.slavePath(), traceFile, Ports.free(), dir.resolve("nothing")));
        app = RunningApp.start(Map.of("ser2net.config", config.toString(), "camel.management.jolokia-enabled",
                "true", "ser2net.jolokia.user", "ops", "ser2net.jolokia.password", "s3cret"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        echo.close();
        pty.close();
        log.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return land.keen.ser2net.testing.Http.get(app, path);
    }

    @Test
    void healthTurnsReadyAndReportsTheBridges() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> get("/observe/health/ready").statusCode() == 200);
        HttpResponse<String> health = get("/observe/health?data=true");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":\"UP\"").contains("reconcile-loop")
                .containsPattern("\"bridge.zigbee\":\":" + port + " [^\"]+ listening")
                // a bridge whose device is missing is a detail, not a reason to restart
                .contains("\"bridge.traced-to-log\":");
        HttpResponse<String> live = get("/observe/health/live?data=true");
        assertThat(live.statusCode()).isEqualTo(200);
        // the liveness probe watches the reconcile loop, and not the bridges (a broken device is no reason to restart)
        assertThat(live.body()).contains("reconcile-loop").doesNotContain("bridge.zigbee");
    }

    @Test
    void metricsAndPortsMoveWhenDataFlows() throws Exception {
        try (TcpClient client = new TcpClient(port)) {
            client.send("metrics!");
            assertThat(client.readText(8, 5000)).isEqualTo("metrics!");

            JsonObject ports = (JsonObject) Jsoner.deserialize(get("/ports").body());
            JsonObject zigbee = ((JsonArray) ports.get("ports")).stream().map(JsonObject.class::cast)
                    .filter(p -> "zigbee".equals(p.get("name"))).findFirst().orElseThrow();
            assertThat(zigbee.get("state")).isEqualTo("open");
            assertThat(zigbee.get("device")).isEqualTo(pty.slavePath());
            JsonObject c = (JsonObject) ((JsonArray) zigbee.get("clients")).get(0);
            assertThat(c.get("remote").toString()).startsWith("127.0.0.1:");
            assertThat(((Number) c.get("bytesToDevice")).longValue()).isEqualTo(8);
            assertThat(((Number) c.get("bytesFromDevice")).longValue()).isEqualTo(8);

            String metrics = get("/observe/metrics").body();
            assertThat(metrics).containsPattern(
                    "ser2net_bridge_to_device_bytes_total\\{[^}]*bridge=\"zigbee\"[^}]*} [1-9]")
                    .containsPattern("ser2net_bridge_from_device_bytes_total\\{[^}]*bridge=\"zigbee\"[^}]*} [1-9]")
                    .containsPattern("ser2net_bridge_clients\\{[^}]*bridge=\"zigbee\"[^}]*} 1.0")
                    .contains("ser2net_bridge_connections_accepted_total").contains("ser2net_discovery_devices");
        }
        // the missing device of the other bridge shows as an error with its reason
        JsonObject ports = (JsonObject) Jsoner.deserialize(get("/ports").body());
        assertThat(ports.toJson()).contains("traced-to-log").contains("is not present");
    }

    @Test
    void jolokiaListsTheRoutesForHawtioButRefusesWrites() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> get("/observe/jolokia/version").statusCode() == 200);
        // an idle bridge is its network route; the device route is made for its first client and stays
        String idle = get("/observe/jolokia/search/org.apache.camel:type=routes,*").body();
        assertThat(idle).contains("bridge-traced-to-log").doesNotContain("bridge-traced-to-log-device");
        assertThat(TcpClient.echo(port, "hawtio")).isEqualTo("hawtio");
        HttpResponse<String> search = get("/observe/jolokia/search/org.apache.camel:type=routes,*");
        assertThat(search.body()).contains("bridge-zigbee").contains("bridge-zigbee-device")
                .contains("ser2net-reconcile");
        // every route MBean answers for its own route (their descriptions are shared: app/SharedMBeanInfo)
        JsonObject read = (JsonObject) Jsoner.deserialize(
                get("/observe/jolokia/read/org.apache.camel:type=routes,*/RouteId,ExchangesTotal").body());
        JsonObject byMBean = (JsonObject) read.get("value");
        for (String route : List.of("bridge-zigbee", "bridge-zigbee-device", "ser2net-reconcile")) {
            JsonObject attributes = (JsonObject) byMBean.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("name=\"" + route + "\"")).findFirst().orElseThrow().getValue();
            assertThat(attributes.get("RouteId")).isEqualTo(route);
        }
        assertThat(byMBean.entrySet().stream().filter(e -> e.getKey().endsWith("name=\"bridge-zigbee\""))
                .map(e -> ((JsonObject) e.getValue()).get("ExchangesTotal").toString()).findFirst().orElseThrow())
                .isNotEqualTo("0");
        // a bridge is its two routes in JMX; its endpoints and consumer, which cost most of a bridge's start, are not
        // (other routes keep theirs)
        String endpoints = get("/observe/jolokia/search/org.apache.camel:type=endpoints,*").body()
                           + get("/observe/jolokia/search/org.apache.camel:type=consumers,*").body();
        assertThat(endpoints).contains("timer").doesNotContain("netty").doesNotContain("serial");
        HttpResponse<String> stop = get("/observe/jolokia/exec/org.apache.camel:context=ser2net-camel,type=routes,"
                                        + "name=%22bridge-zigbee%22/stop()");
        assertThat(stop.body()).contains("\"status\":403");
        // the same with the path in Jolokia's p parameter
        assertThat(get("/observe/jolokia/?p=/exec/java.lang:type=Memory/gc()").body()).contains("\"status\":403");
        // the same through POST, as Hawtio sends it
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/observe/jolokia"))
                .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"},"
                                                          + "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\","
                                                          + "\"operation\":\"gc()\"}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).contains("\"status\":403");
        assertThat(Ports.listening(port)).isTrue();
    }

    @Test
    void jolokiaCredentialsAllowMore() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> get("/observe/jolokia/version").statusCode() == 200);
        String gc = "/observe/jolokia/exec/java.lang:type=Memory/gc()";
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + gc))
                .header("Authorization", basic("ops", "guess")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.body()).contains("\"status\":403");
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + gc))
                .header("Authorization", basic("ops", "s3cret")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(right.body()).contains("\"status\":200").contains("\"operation\":\"gc()\"");
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void traceRecordsAHexdumpOfTheBytesSent() throws Exception {
        try (TcpClient client = new TcpClient(port)) {
            client.send(new byte[] { 0x1a, (byte) 0xc0, 0x38, (byte) 0xbc, 0x7e });
            client.read(5, 5000);
        }
        Path file = dir.resolve("trace-" + port + ".log");
        await().atMost(5, TimeUnit.SECONDS).until(() -> Files.exists(file)
                                                        && Files.readString(file).contains("dev->net"));
        String trace = Files.readString(file);
        assertThat(trace).containsPattern("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} net->dev: 5 bytes")
                .contains("1a c0 38 bc 7e").contains("|..8.~|");
    }

    @Test
    void lifecycleEventsAreOneGreppableLineEach() throws Exception {
        try (TcpClient client = new TcpClient(port)) {
            client.send("x");
            client.read(1, 5000);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.text().contains("bridge zigbee: client 127.0.0.1:"));
        assertThat(log.lines("bridge zigbee: client 127.0.0.1:")).anySatisfy(l -> assertThat(l).contains("connected"));
        assertThat(log.lines("bridge zigbee: up")).hasSize(1);
        assertThat(log.lines("metrics!")).isEmpty();
    }

    @Test
    void aClientIsOneLineInAndOneLineOutAndStartUpEchoesNoProperties() throws Exception {
        String before = log.text();
        try (TcpClient client = new TcpClient(port)) {
            client.send("y");
            client.read(1, 5000);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.text().substring(before.length())
                .contains("disconnected"));
        java.util.List<String> lines = log.text().substring(before.length()).lines().toList();
        // the device opens for the first client and closes after the last: part of the same two lines
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("bridge zigbee: client 127.0.0.1:").contains("connected to")
                .contains("(device opened)");
        assertThat(lines.get(1)).contains("bridge zigbee: client 127.0.0.1:").contains("disconnected, device")
                .contains("closed");
        assertThat(log.text()).doesNotContain("Auto-configuration summary").doesNotContain("[application.properties]")
                .doesNotContain("Started bridge-zigbee-device");
    }
}
