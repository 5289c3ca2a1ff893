package land.keen.ser2net.status;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management port held by another program: one ERROR naming the port and who holds it, no stack trace, no
 * endpoint list as if serving; the bridges serve meanwhile, and once the port is free health, /ports and metrics are.
 */
class ManagementPortTest {

    @TempDir
    Path dir;

    static final HttpClient http = HttpClient.newHttpClient();

    static int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aTakenManagementPortIsReportedOnceAndServedWhenFreed() throws Exception {
        int management = Ports.free();
        int bridge = Ports.free();
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty); LogCapture log = new LogCapture()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &zigbee
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(bridge, pty.slavePath()));
            ServerSocket squatter = new ServerSocket();
            squatter.setReuseAddress(true);
            squatter.bind(new InetSocketAddress("0.0.0.0", management));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false", "camel.server.port", String.valueOf(management), "camel.management.port",
                    String.valueOf(management)))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(bridge));
                assertThat(TcpClient.echo(bridge, "still serving")).isEqualTo("still serving");
                await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("management port " + management).isEmpty());
                app.awaitReconcilePasses(30);
                // about three retries later: still one line, naming the holder (this JVM), and no stack trace
                assertThat(log.lines("management port " + management)).singleElement().satisfies(l -> assertThat(l)
                        .contains("ERROR").contains("pid " + ProcessHandle.current().pid()).contains("tried again"));
                assertThat(log.text()).doesNotContain("BindException").doesNotContain("Unhandled exception")
                        .doesNotContain("HTTP endpoints summary");

                squatter.close();
                String base = "http://127.0.0.1:" + management;
                await().atMost(10, TimeUnit.SECONDS).until(() -> status(base + "/observe/health/ready") == 200);
                assertThat(status(base + "/ports")).isEqualTo(200);
                assertThat(status(base + "/observe/metrics")).isEqualTo(200);
                assertThat(log.lines("management port " + management)).hasSize(2).last().asString()
                        .contains("INFO").contains("served").contains("/ports");
                assertThat(TcpClient.echo(bridge, "and after")).isEqualTo("and after");
            } finally {
                squatter.close();
            }
        }
    }

    @Test
    void aFreeManagementPortIsAnnouncedOnce() throws Exception {
        try (LogCapture log = new LogCapture();
             RunningApp app = RunningApp.start(Map.of("ser2net.discovery", "false"))) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> status(app.httpBase() + "/ports") == 200);
            await().atMost(5, TimeUnit.SECONDS).until(() -> !log.lines("listening: http://").isEmpty());
            assertThat(log.lines("management port")).singleElement().asString().contains("INFO")
                    .contains("/observe/health");
        }
    }
}
