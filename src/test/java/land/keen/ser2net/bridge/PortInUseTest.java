package land.keen.ser2net.bridge;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

/** A port something else holds: one clear error naming it, the other bridges serve, and it is retried until free. */
class PortInUseTest {

    @TempDir
    Path dir;

    @Test
    void aTakenPortIsReportedOnceRetriedAndServedWhenFreed() throws Exception {
        int taken = Ports.free();
        int free = Ports.free();
        try (Pty a = new Pty(); Pty b = new Pty(); EchoDevice ea = new EchoDevice(a); EchoDevice eb = new EchoDevice(b);
             LogCapture log = new LogCapture()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &blocked
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                    connection: &fine
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(taken, a.slavePath(), free, b.slavePath()));
            ServerSocket squatter = new ServerSocket();
            squatter.bind(new InetSocketAddress("0.0.0.0", taken));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(free));
                assertThat(TcpClient.echo(free, "fine")).isEqualTo("fine");
                await().atMost(5, TimeUnit.SECONDS).until(() -> log.text().contains("bridge blocked"));
                app.awaitReconcilePasses(5);
                assertThat(log.lines("bridge blocked")).singleElement().satisfies(l -> assertThat(l)
                        .contains("ERROR").contains(config.toString()).contains(":" + taken));
                assertThat(app.bridges().failures()).singleElement()
                        .satisfies(f -> assertThat(f.spec().name()).isEqualTo("blocked"));

                squatter.close();
                await().atMost(10, TimeUnit.SECONDS).until(() -> app.bridges().bridge("blocked") != null);
                assertThat(TcpClient.echo(taken, "freed")).isEqualTo("freed");
                assertThat(app.bridges().failures()).isEmpty();
            } finally {
                squatter.close();
            }
        }
    }
}
