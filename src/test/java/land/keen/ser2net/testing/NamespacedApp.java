package land.keen.ser2net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The real application as its own process inside a network namespace ({@code java ... Ser2netMain}, the way a user starts it, with this test's
 * classpath) inside a network namespace, for tests whose traffic must stay inside one ({@link NetnsPair}). Settings
 * are passed as {@code -Dkey=value}; the log goes to a file the test can read.
 */
public final class NamespacedApp implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String namespace;

    private NamespacedApp(Process process, Path log, String namespace) {
        this.process = process;
        this.log = log;
        this.namespace = namespace;
    }

    /** Starts the app in {@code namespace} and waits until Camel has started. */
    public static NamespacedApp start(String namespace, Map<String, String> settings, Path log) throws IOException {
        return start(namespace, settings, Map.of(), log);
    }

    /** As {@link #start(String, Map, Path)}, with environment variables (SER2NET_..., NODE_NAME) as well. */
    public static NamespacedApp start(String namespace, Map<String, String> settings, Map<String, String> env, Path log)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, java, "-Xmx160m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        // the HTTP server and bridges listen inside the namespace, where nothing else runs: the shipped ports do
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dcamel.management.jolokia-enabled=false");
        cmd.add("-Dser2net.kubernetes.enabled=false");
        cmd.add("land.keen.ser2net.app.Ser2netMain");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(Path.of(System.getProperty("basedir",
                System.getProperty("user.dir"))).toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        NamespacedApp app = new NamespacedApp(p, log, namespace);
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> !p.isAlive() || app.log().contains("started in"));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        if (!p.isAlive()) {
            throw new IllegalStateException("the app ended at start:\n" + app.log());
        }
        return app;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** GET on the app's operations server (port 8778 inside its namespace), from inside the namespace. */
    public String get(String path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(NetnsPair.in(namespace, "/usr/bin/python3", "-c",
                "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5)"
                + ".read().decode())", "http://127.0.0.1:8778" + path)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        if (p.exitValue() != 0) {
            throw new IOException("GET " + path + ": " + out);
        }
        return out;
    }

    /** Stops it as a service manager would (SIGTERM) and waits until it has ended. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
