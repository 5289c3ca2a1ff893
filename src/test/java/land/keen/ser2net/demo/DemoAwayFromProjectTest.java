package land.keen.ser2net.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.ForkedApp;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Started from a folder with no routes/ or snippets/, the quick start still serves the demo stick on 6638. */
class DemoAwayFromProjectTest {

    /** The shipped snippet for the demo stick's id (snippets/10c4:ea60.yaml) listens here. */
    static final int DEMO_PORT = 6638;

    @TempDir
    Path dir;

    @Test
    void theDemoServesWithTheRoutesAndSnippetsInsideTheJar() throws Exception {
        assumeFalse(Ports.listening(DEMO_PORT), "port 6638 is in use on this machine (another demo running?)");
        Path elsewhere = Files.createDirectory(dir.resolve("home"));
        Path emptySys = Files.createDirectory(dir.resolve("sys"));
        try (ForkedApp app = ForkedApp.start(dir, elsewhere, Map.of("ser2net.sysfs-root", emptySys.toString(),
                "camel.management.jolokia-enabled", "false"), Map.of())) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> Ports.listening(DEMO_PORT) || !app.alive());
            assertThat(TcpClient.echo(DEMO_PORT, "from anywhere")).isEqualTo("from anywhere");
            assertThat(app.logLines("using the routes inside the jar")).hasSize(1);
            assertThat(app.logLines("using the snippets inside the jar")).hasSize(1);
        }
    }
}
