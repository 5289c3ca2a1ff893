package land.keen.ser2net.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The no-hardware demo: with no stick present the app plugs in a simulated one and serves it like a real one. */
class DemoStickTest {

    @TempDir
    Path dir;

    int port;

    /** The app on a machine with no USB serial device, a snippet for the demo stick's id, and ser2net.demo set. */
    RunningApp start(String demo) throws Exception {
        Path emptySys = Files.createDirectories(dir.resolve("sys/class/tty")).getParent().getParent();
        Path snippets = Files.createDirectories(dir.resolve("snippets"));
        port = Ports.free();
        Files.writeString(snippets.resolve("10c4:ea60.yaml"), """
                connection: &zigbee
                  accepter: tcp,%d
                  connector: serialdev,DEVNODE,115200n81,local,dtr=off,rts=off
                """.formatted(port));
        return RunningApp.start(Map.of("ser2net.sysfs-root", emptySys.toString(), "ser2net.snippets",
                snippets.toString(), "ser2net.demo", demo));
    }

    @Test
    void withNoStickPresentTheDemoStickIsDiscoveredAndEchoes() throws Exception {
        try (RunningApp app = start("auto")) {
            await().atMost(5, TimeUnit.SECONDS).until(() -> Ports.listening(port));
            assertThat(app.bridges().bridge("zigbee").spec().device()).endsWith("ttyUSB0");
            assertThat(TcpClient.echo(port, "hello demo")).isEqualTo("hello demo");
            // discovery's own metrics count the simulated stick like a real one
            String metrics = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.httpBase() + "/observe/metrics"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("ser2net_discovery_devices 1.0").contains("ser2net_discovery_unmatched 0.0");
        }
    }

    @Test
    void theDemoStaysOffWhenTurnedOff() throws Exception {
        try (RunningApp app = start("false")) {
            app.awaitReconcilePasses(5);
            assertThat(Ports.listening(port)).isFalse();
            assertThat(app.bridges().bridges()).isEmpty();
        }
    }
}
