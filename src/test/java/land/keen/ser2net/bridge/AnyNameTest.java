package land.keen.ser2net.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ser2net takes any anchor as a connection name; so do we, and two names differing only beyond ASCII are two. */
class AnyNameTest {

    @TempDir
    Path dir;

    @Test
    void twoNamesThatDifferOnlyInNonAsciiCharactersAreTwoBridgesShownByTheirRealNames() throws Exception {
        int a = Ports.free();
        int b = Ports.free();
        try (Pty pa = new Pty(); Pty pb = new Pty(); EchoDevice ea = new EchoDevice(pa); EchoDevice eb = new EchoDevice(pb);
             LogCapture log = new LogCapture()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &ünïcødé_串口
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    connection: &ünïcødé_串行
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(a, pa.slavePath(), b, pb.slavePath()), StandardCharsets.UTF_8);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(a) && Ports.listening(b));
                assertThat(TcpClient.echo(a, "one")).isEqualTo("one");
                assertThat(TcpClient.echo(b, "two")).isEqualTo("two");

                assertThat(app.bridges().bridge("ünïcødé_串口")).isNotNull();
                assertThat(app.bridges().bridge("ünïcødé_串行")).isNotNull();
                // Camel ids are safe and distinct
                assertThat(app.context().getRoutes()).extracting(Route::getRouteId).filteredOn(id -> id.startsWith(
                        "bridge-")).hasSize(4).doesNotHaveDuplicates()
                        .allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_.-]+"));

                HttpClient http = HttpClient.newHttpClient();
                String ports = http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/ports")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
                assertThat(ports).contains("\"ünïcødé_串口\"").contains("\"ünïcødé_串行\"");
                String metrics = http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/observe/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
                assertThat(metrics).contains("bridge=\"ünïcødé_串口\"").contains("bridge=\"ünïcødé_串行\"");
                assertThat(log.text()).contains("bridge ünïcødé_串口: up").contains("bridge ünïcødé_串行: up")
                        .contains("bridge ünïcødé_串口: client 127.0.0.1:");
            }
        }
    }
}
