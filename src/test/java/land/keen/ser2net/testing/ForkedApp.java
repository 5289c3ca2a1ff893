package land.keen.ser2net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The application as its own process ({@code java … land.keen.ser2net.app.Ser2netMain}, started from the project
 * folder like {@code java -jar}), for what only a real process shows: its command line, signals, exit code. Its
 * output (the log) goes to a file the test reads.
 */
public final class ForkedApp implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;

    private ForkedApp(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts the app with {@code -Dkey=value} for each of {@code systemProperties} (on the command line, as a user
     * would type them) and {@code env} added to the environment; the management port is a free one.
     */
    public static ForkedApp start(Path dir, Map<String, String> systemProperties, Map<String, String> env)
            throws IOException {
        return start(dir, Path.of("").toAbsolutePath(), systemProperties, env);
    }

    /** The same, started in {@code workingDir} (a user who runs the jar from elsewhere than the project folder). */
    public static ForkedApp start(Path dir, Path workingDir, Map<String, String> systemProperties,
            Map<String, String> env) throws IOException {
        int http = systemProperties.containsKey("camel.management.port")
                ? Integer.parseInt(systemProperties.get("camel.management.port")) : Ports.free();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx96m");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("-Dcamel.server.port=" + http);
        command.add("-Dcamel.management.port=" + http);
        command.add("-Dser2net.scan-interval=100");
        if (!systemProperties.containsKey("ser2net.mdns.enabled")) {
            // no DNS-SD adverts on this machine's real interfaces (NamespacedApp runs the advert tests)
            command.add("-Dser2net.mdns.enabled=false");
        }
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("land.keen.ser2net.app.Ser2netMain");
        Path log = Files.createTempFile(dir, "app", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(workingDir.toFile());
        pb.environment().putAll(env);
        return new ForkedApp(pb.start(), log, http);
    }

    public long pid() {
        return process.pid();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> logLines(String needle) {
        return Arrays.stream(log().split("\n")).filter(l -> l.contains(needle)).toList();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Sends {@code kill -SIGNAL pid}, as a service manager or a user would. */
    public void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

    /** The process's ignored-signals mask (SigIgn in /proc/PID/status). */
    public long ignoredSignals() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        throw new IllegalStateException("no SigIgn line");
    }

    /** Waits for the process to end by itself and gives its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        await().atMost(seconds, TimeUnit.SECONDS).until(() -> !process.isAlive());
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
