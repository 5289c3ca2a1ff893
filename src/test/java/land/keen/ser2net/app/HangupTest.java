package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.ForkedApp;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signals as a service manager sends them to the real process: SIGHUP reloads (one line), before and after a device
 * was opened; a stick hanging up is a lost device, not a reload or a stop; SIGTERM is a clean stop.
 */
class HangupTest {

    /** Bit of SIGHUP (signal 1) in /proc/PID/status SigIgn. */
    static final long SIGHUP_BIT = 1L;

    @TempDir
    Path dir;

    @Test
    void sighupReloadsBeforeAndAfterADeviceWasOpenedAndSigtermStopsCleanly() throws Exception {
        int port = Ports.free();
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty)) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &zigbee
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            try (ForkedApp app = ForkedApp.start(dir, Map.of("ser2net.config", config.toString(),
                    "ser2net.discovery", "false", "camel.management.jolokia-enabled", "false"), Map.of())) {
                await().atMost(60, TimeUnit.SECONDS).until(() -> Ports.listening(port)
                                                                 && app.log().contains("(ser2net-camel) started in"));

                // no device opened yet: the JVM's default would run the shutdown hooks
                app.signal("HUP");
                await().atMost(10, TimeUnit.SECONDS).until(() -> app.logLines("reloading the configuration and snippets (SIGHUP)").size() == 1);
                assertThat(app.alive()).isTrue();
                assertThat(app.ignoredSignals() & SIGHUP_BIT).isZero();

                // a device opened: jSerialComm has had its chance to set SIGHUP to ignored
                try (TcpClient client = new TcpClient(port)) {
                    client.send("hello");
                    assertThat(client.readText(5, 5000)).isEqualTo("hello");
                    assertThat(app.ignoredSignals() & SIGHUP_BIT).isZero();
                    app.signal("HUP");
                    await().atMost(10, TimeUnit.SECONDS).until(() -> app.logLines("reloading the configuration and snippets (SIGHUP)").size() == 2);
                    // the reload keeps the running bridge and its client
                    client.send("still");
                    assertThat(client.readText(5, 5000)).isEqualTo("still");
                }
                assertThat(app.logLines("reloading the configuration and snippets (SIGHUP)"))
                        .allSatisfy(l -> assertThat(l).contains("INFO"));

                app.signal("TERM");
                app.awaitExit(30);
                assertThat(app.log()).contains("Apache Camel (Main) 4.18.0 is shutdown").doesNotContain("ERROR");
            }
        }
    }

    @Test
    void aStickHangingUpIsALostDeviceNotAReloadOrAStop() throws Exception {
        int port = Ports.free();
        Pty pty = new Pty();
        EchoDevice echo = new EchoDevice(pty);
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, """
                connection: &zigbee
                  accepter: tcp,127.0.0.1,%d
                  connector: serialdev,%s,115200n81,local
                """.formatted(port, pty.slavePath()));
        try (ForkedApp app = ForkedApp.start(dir, Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                "false", "camel.management.jolokia-enabled", "false"), Map.of())) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> Ports.listening(port));
            try (TcpClient client = new TcpClient(port)) {
                client.send("x");
                assertThat(client.readText(1, 5000)).isEqualTo("x");
                // the stick goes away under the open device: the master side closes, the device hangs up
                echo.close();
                pty.close();
                client.readUntilClosed(10_000);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> !app.logLines("bridge zigbee: device").isEmpty()
                                                             && app.log().contains("lost"));
            assertThat(app.alive()).isTrue();
            assertThat(app.log()).doesNotContain("SIGHUP").doesNotContain("shutdown hook");
            assertThat(Ports.listening(port)).isTrue();
        }
    }
}
