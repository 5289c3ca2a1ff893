package land.keen.ser2net.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.TcpClient;

/**
 * The README's run command ({@code java @target/ser2net-camel.args -jar target/ser2net-camel.jar}) as a user runs it,
 * twice: the first start has no class-data archive, serves, and writes one; the second maps it and serves. Keeps the
 * archive path working whichever way it breaks (a JVM option the archive refuses, a dump that fails, a start that
 * needs the archive). Needs the packaged app (mvn package, as .ci/run does first); skipped without it.
 */
class ClassDataArchiveTest {

    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path JAR = REPO.resolve("target/ser2net-camel.jar");
    static final Path ARGS = REPO.resolve("target/ser2net-camel.args");

    @TempDir
    Path dir;

    @Test
    void startsWithoutTheArchiveWritesItAndStartsWithIt() throws Exception {
        assumeTrue(Files.isRegularFile(JAR) && Files.isRegularFile(ARGS),
                () -> "needs the packaged app (mvn -B package -DskipTests): " + JAR + " is missing");
        Path archive = dir.resolve("app.jsa");
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty)) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &stick
                      accepter: tcp,127.0.0.1,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));

            Path first = dir.resolve("first.log");
            Process app = start(archive, config, first);
            try {
                servesEcho(app, port, first);
                await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500))
                        .until(() -> Files.readString(first).contains("class-data archive " + archive + " written")
                                     || !app.isAlive());
                assertThat(Files.readString(first)).contains("written");
                assertThat(archive).isRegularFile();
            } finally {
                stop(app);
            }

            Path second = dir.resolve("second.log");
            Process again = start(archive, config, second);
            try {
                servesEcho(again, port, second);
                assertThat(Files.readString(second)).contains("class-data archive " + archive + " in use")
                        .doesNotContain("written");
            } finally {
                stop(again);
            }
        }
    }

    /** The README command, the archive put in a temp folder (the last -XX:SharedArchiveFile wins). */
    private Process start(Path archive, Path config, Path log) throws Exception {
        int http = Ports.free();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ARGS, "-XX:SharedArchiveFile=" + archive,
                "-Dser2net.config=" + config, "-Dser2net.discovery=false", "-Dser2net.demo=false",
                "-Dcamel.server.port=" + http, "-Dcamel.management.port=" + http,
                "-jar", JAR.toString()));
        return new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private static void servesEcho(Process app, int port, Path log) throws Exception {
        // the log, not a probe connection: a probe would open and close the device before the real client
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(log).contains("listening on 127.0.0.1:" + port) || !app.isAlive());
        assertThat(app.isAlive()).as("the app runs; its log:%n%s", Files.readString(log)).isTrue();
        try (TcpClient client = new TcpClient(port)) {
            client.send("cds\n");
            assertThat(client.readText(4, 10_000)).isEqualTo("cds\n");
        }
    }

    private static void stop(Process app) throws Exception {
        app.destroy();
        if (!app.waitFor(20, TimeUnit.SECONDS)) {
            app.destroyForcibly();
        }
    }
}
