package land.keen.ser2net.advert;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.Http;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.StickNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's simulated echo stick is served like a real one but never announced to the LAN as a device, while a real
 * stick served by a snippet with {@code mdns: true} is. Adverts are bound to loopback, so nothing leaves this machine.
 */
class SimulatedStickTest {

    @TempDir
    Path dir;

    @Test
    void theDemoStickIsServedButNotAdvertisedWhileARealStickIs() throws Exception {
        try (StickNode node = new StickNode(dir)) {
            // a Z-Wave stick the shipped snippet 0658:0200.yaml (mdns: true) serves on 6640
            node.plug("ttyACM0", "1-3", "0658", "0200", "ZW0001");
            Map<String, String> settings = new HashMap<>(node.settings());
            settings.put("ser2net.snippets", Path.of("snippets").toAbsolutePath().toString());
            settings.put("ser2net.demo", "true");
            settings.put("ser2net.mdns.enabled", "true");
            settings.put("ser2net.mdns.addresses", "127.0.0.1");
            try (RunningApp app = RunningApp.start(settings)) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(6638) && Ports.listening(6640));
                await().atMost(10, TimeUnit.SECONDS).until(() -> Http.port(app, "zstick_gen5").get("advert") != null);
                app.awaitReconcilePasses(3);
                assertThat(Http.port(app, "cp210x_ea60").get("advert")).isNull();
            }
        }
    }
}
