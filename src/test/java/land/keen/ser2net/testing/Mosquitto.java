package land.keen.ser2net.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Mosquitto broker on a free loopback port, started by the test; {@link #stop()} and {@link #start()} play a
 * broker that goes away and comes back on the same port. Tests that need it skip when it is not installed
 * (`apt-get install mosquitto mosquitto-clients`; .ci/run does).
 */
public final class Mosquitto implements AutoCloseable {

    public static final String BROKER = "/usr/sbin/mosquitto";

    private final int port;
    private final Path config;
    private Process process;

    public Mosquitto(Path dir) throws IOException {
        assumeTrue(Files.isExecutable(Path.of(BROKER)), "Mosquitto is not installed (apt-get install mosquitto)");
        assumeTrue(Files.isExecutable(Path.of(MqttClientTool.SUB)),
                "mosquitto_sub is not installed (apt-get install mosquitto-clients)");
        port = Ports.free();
        config = dir.resolve("mosquitto.conf");
        Files.writeString(config, """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                log_dest stdout
                log_type all
                """.formatted(port));
        start();
    }

    public void start() throws IOException {
        // the broker's own log (connects, disconnects and why) beside its config, for a failing test's reader
        process = new ProcessBuilder(BROKER, "-v", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling("mosquitto.log").toFile()))
                .start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
    }

    /** The broker goes away: its clients see the connection drop. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
