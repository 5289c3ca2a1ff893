package land.keen.ser2net.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a busy node the reconcile timer's first tick can come while Camel is still finishing its start (routes started,
 * context not yet "Started"). Routes added then are parked by Camel and never started: the port never listened (or,
 * before that, every bridge went down and up right after start-up). The first pass must serve the configuration once,
 * for good, however start-up is timed.
 */
class StartupRaceTest {

    @TempDir
    Path dir;

    @Test
    void aTickDuringTheLastStepsOfStartUpStillServesEveryPortOnce() throws Exception {
        int port = Ports.free();
        try (Pty pty = new Pty(); LogCapture log = new LogCapture()) {
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &late
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            CountDownLatch ticked = new CountDownLatch(1);
            // Camel announces "routes started" before the context counts as started: hold it there until the
            // reconcile timer has fired once, which is the order a loaded machine produces now and then
            EventNotifierSupport holdStartUp = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) throws Exception {
                    if (event instanceof CamelEvent.ExchangeCompletedEvent done
                        && "ser2net-reconcile".equals(done.getExchange().getFromRouteId())) {
                        ticked.countDown();
                    } else if (event instanceof CamelEvent.CamelContextRoutesStartedEvent) {
                        assertThat(ticked.await(10, TimeUnit.SECONDS)).as("the timer's first tick").isTrue();
                    }
                }
            };
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"),
                    main -> main.bind("holdStartUp", holdStartUp))) {
                assertThat(ticked.getCount()).as("the timer ticked before the context had started").isZero();
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                try (TcpClient client = new TcpClient(port)) {
                    client.send("ping".getBytes(StandardCharsets.US_ASCII));
                    ByteArrayOutputStream device = new ByteArrayOutputStream();
                    await().atMost(5, TimeUnit.SECONDS).until(() -> {
                        byte[] r = pty.read(64, 100);
                        if (r != null) {
                            device.write(r);
                        }
                        return device.toString(StandardCharsets.US_ASCII).equals("ping");
                    });
                }
                app.awaitReconcilePasses(5);
                assertThat(log.lines("bridge late: up")).as("the bridge came up once, not down and up again")
                        .hasSize(1);
                assertThat(log.lines("bridge late: down")).isEmpty();
                assertThat(log.lines("stopped by operator")).as("a route Camel parked is not an operator's stop")
                        .isEmpty();
            }
        }
    }
}
