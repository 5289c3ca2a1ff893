package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.StickNode;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No polling when idle: with the safety resync an hour away, a plugged stick, an unplugged one, an edited snippet and
 * an edited ser2net.yaml are each seen within a second, from the file-system watch alone; and an idle node makes no
 * reconcile pass at all.
 */
class WatchTest {

    @TempDir
    Path dir;

    static Map<String, String> withoutResync(Map<String, String> settings) {
        Map<String, String> s = new HashMap<>(settings);
        s.put("ser2net.resync-interval", "3600000");
        s.put("ser2net.scan-interval", "200");
        return s;
    }

    @Test
    void plugUnplugAndSnippetEditsAreSeenWithinASecondWithoutPolling() throws Exception {
        try (StickNode node = new StickNode(dir)) {
            int port = Ports.free();
            node.snippet("10c4:ea60.yaml", StickNode.connection("zigbee", port));
            try (RunningApp app = RunningApp.start(withoutResync(node.settings()))) {
                Reconciler loop = app.context().getRegistry().lookupByNameAndType("ser2netReconciler",
                        Reconciler.class);
                await().atMost(5, TimeUnit.SECONDS).until(() -> loop.ticks() > 0);
                long idle = loop.ticks();
                await().during(1500, TimeUnit.MILLISECONDS).atMost(3, TimeUnit.SECONDS)
                        .until(() -> loop.ticks() == idle);

                Pty stick = node.plug("ttyUSB0", "1-1", "10c4", "ea60", "0001");
                await().atMost(1, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                assertThat(TcpClient.echo(port, "plugged")).isEqualTo("plugged");

                int moved = Ports.free();
                node.snippet("10c4:ea60.yaml", StickNode.connection("zigbee", moved));
                // one look to see it, one to see it held still
                await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(moved) && !Ports.listening(port));

                node.unplug("1-1", "ttyUSB0", stick);
                await().atMost(1, TimeUnit.SECONDS).until(() -> !Ports.listening(moved));
            }
        }
    }

    @Test
    void anEditedSer2netYamlIsSeenWithoutPolling() throws Exception {
        Path config = dir.resolve("ser2net.yaml");
        int port = Ports.free();
        int other = Ports.free();
        try (Pty pty = new Pty()) {
            String connection = """
                    connection: &modem
                      accepter: tcp,%d
                      connector: serialdev,%s,9600n81,local
                    """;
            Files.writeString(config, connection.formatted(port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(withoutResync(Map.of("ser2net.config", config.toString())))) {
                await().atMost(5, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                Files.writeString(config, connection.formatted(other, pty.slavePath()));
                await().atMost(2, TimeUnit.SECONDS).until(() -> Ports.listening(other) && !Ports.listening(port));
            }
        }
    }
}
