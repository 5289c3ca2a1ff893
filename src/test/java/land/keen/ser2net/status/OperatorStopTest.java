package land.keen.ser2net.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

/**
 * An operator stops a bridge's route from Hawtio (an authorised Jolokia exec over HTTP): /ports, health and metrics
 * say so at once, the reconcile loop respects it, and starting the route again serves again.
 */
class OperatorStopTest {

    @TempDir
    static Path dir;

    static Pty pty;
    static EchoDevice echo;
    static RunningApp app;
    static LogCapture log;
    static int port;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        log = new LogCapture();
        pty = new Pty();
        echo = new EchoDevice(pty);
        port = Ports.free();
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, """
                connection: &zigbee
                  accepter: tcp,127.0.0.1,%d
                  connector: serialdev,%s,115200n81,local
                """.formatted(port, pty.slavePath()));
        app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery", "false",
                "camel.management.jolokia-enabled", "true", "ser2net.jolokia.user", "ops",
                "ser2net.jolokia.password", "s3cret"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        await().atMost(20, TimeUnit.SECONDS).until(() -> get("/observe/jolokia/version").contains("\"status\":200"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        echo.close();
        pty.close();
        log.close();
    }

    static String get(String path) throws Exception {
        return land.keen.ser2net.testing.Http.get(app, path).body();
    }

    /** What Hawtio sends when the operator presses Stop/Start on a route. */
    static String exec(String route, String operation) throws Exception {
        String body = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=ser2net-camel,type=routes,name=\\\""
                      + route + "\\\"\",\"operation\":\"" + operation + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/observe/jolokia"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "ops:s3cret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static JsonObject zigbee() throws Exception {
        JsonObject ports = (JsonObject) Jsoner.deserialize(get("/ports"));
        return ((JsonArray) ports.get("ports")).stream().map(JsonObject.class::cast)
                .filter(p -> "zigbee".equals(p.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void aBridgeStoppedFromHawtioShowsAsStoppedStaysStoppedAndStartsAgain() throws Exception {
        assertThat(exec("bridge-zigbee", "stop()")).contains("\"status\":200");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !Ports.listening(port));
        JsonObject stopped = zigbee();
        assertThat(stopped.get("state")).isEqualTo("stopped");
        assertThat(stopped.get("reason").toString()).contains("stopped by operator");
        assertThat(get("/observe/health?data=true")).contains("stopped by operator");
        assertThat(get("/observe/metrics")).containsPattern("ser2net_bridge_listening\\{[^}]*bridge=\"zigbee\"[^}]*} 0.0");
        // the reconcile loop respects the operator's stop (a resync pass, which compares everything, included), and
        // it is said once
        await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("bridge zigbee: stopped by operator").isEmpty());
        app.awaitReconcilePasses(2);
        assertThat(Ports.listening(port)).isFalse();
        assertThat(zigbee().get("state")).isEqualTo("stopped");
        assertThat(log.lines("bridge zigbee: stopped by operator")).singleElement().asString().contains("WARN");

        assertThat(exec("bridge-zigbee", "start()")).contains("\"status\":200");
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
        assertThat(TcpClient.echo(port, "back")).isEqualTo("back");
        await().atMost(5, TimeUnit.SECONDS).until(() -> "listening".equals(zigbee().get("state")));
        assertThat(get("/observe/metrics")).containsPattern("ser2net_bridge_listening\\{[^}]*bridge=\"zigbee\"[^}]*} 1.0");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !log.lines("bridge zigbee: started again by operator")
                .isEmpty());
    }

    @Test
    void aDeviceClosedFromHawtioUnderItsClientsIsNotShownAsOpen() throws Exception {
        try (TcpClient client = new TcpClient(port)) {
            client.send("x");
            assertThat(client.readText(1, 5000)).isEqualTo("x");
            assertThat(zigbee().get("state")).isEqualTo("open");
            assertThat(exec("bridge-zigbee-device", "stop()")).contains("\"status\":200");
            // its clients are closed, as when a device is lost, and the port says it is listening, not open
            client.readUntilClosed(10_000);
            assertThat(zigbee().get("state")).isEqualTo("listening");
            assertThat(zigbee().get("lastError")).isEqualTo("device closed by operator");
        }
        // the next client opens the device again
        assertThat(TcpClient.echo(port, "again")).isEqualTo("again");
    }

    @Test
    void aDeviceRouteRemovedFromHawtioIsMadeAgainByTheNextClient() throws Exception {
        assertThat(TcpClient.echo(port, "first")).isEqualTo("first");
        assertThat(exec("bridge-zigbee-device", "stop()")).contains("\"status\":200");
        assertThat(exec("bridge-zigbee-device", "remove()")).contains("\"status\":200");
        await().atMost(5, TimeUnit.SECONDS).until(() -> app.context().getRoute("bridge-zigbee-device") == null);
        // the port kept listening; its next client makes the device route again and is served
        assertThat(TcpClient.echo(port, "made again")).isEqualTo("made again");
        assertThat(app.context().getRoute("bridge-zigbee-device")).isNotNull();
    }
}
