package land.keen.ser2net.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman the way deploy/image.sh calls it on these machines (runc, cgroupfs, a containers.conf without default
 * ulimits), and the image that script builds: built once per machine and reused while it is newer than the jar.
 */
final class Podman {

    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path JAR = REPO.resolve("target/ser2net-camel.jar");
    static final String IMAGE = "localhost/ser2net-camel:" + ImageTest.projectVersion();

    private Podman() {
    }

    record Result(int exit, String out) {
    }

    /** Why image tests cannot run here, or null when they can (building the image first if it is missing or stale). */
    static synchronized String unavailable() {
        if (checked != null) {
            return checked.isEmpty() ? null : checked;
        }
        checked = check();
        return checked.isEmpty() ? null : checked;
    }

    private static String checked;

    private static String check() {
        try {
            Result version = run(30, "--version");
            if (version.exit() != 0) {
                return "podman does not run here: " + version.out().strip();
            }
        } catch (IOException e) {
            return "podman is not installed (apt-get install -y podman runc): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (!Files.isRegularFile(JAR)) {
            return JAR + " is missing: the image is built from the packaged app (mvn -B package -DskipTests, as"
                   + " .ci/run does before the tests)";
        }
        try {
            if (imageCreated() == null || imageCreated().isBefore(Files.getLastModifiedTime(JAR).toInstant())) {
                Process build = new ProcessBuilder(REPO.resolve("deploy/image.sh").toString(), "build")
                        .directory(REPO.toFile()).redirectErrorStream(true)
                        .redirectOutput(REPO.resolve("target/image-build.log").toFile()).start();
                if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                    build.destroyForcibly();
                    throw new IllegalStateException("deploy/image.sh build failed; see target/image-build.log");
                }
            }
            // a container must start here at all (some machines have podman but no usable runtime)
            Result probe = run(60, "run", "--rm", "--network", "none", "--entrypoint", "/opt/java/bin/java", IMAGE,
                    "-Xshare:off", "-version");
            if (probe.exit() != 0) {
                return "podman cannot run containers here: " + probe.out().strip();
            }
        } catch (IOException e) {
            return "podman: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return "";
    }

    private static Instant imageCreated() throws IOException, InterruptedException {
        Result r = run(30, "image", "inspect", "--format", "{{.Created.Unix}}", IMAGE);
        return r.exit() == 0 ? Instant.ofEpochSecond(Long.parseLong(r.out().strip())) : null;
    }

    static Result run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("CONTAINERS_CONF", containersConf().toString());
        Path out = Files.createTempFile("podman", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("podman " + String.join(" ", args) + " took over " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** crun refuses setrlimit here: no default ulimits (the same file deploy/image.sh writes). */
    private static Path containersConf() throws IOException {
        Path conf = REPO.resolve("target/image/containers.conf");
        if (!Files.isRegularFile(conf)) {
            Files.createDirectories(conf.getParent());
            Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
        }
        return conf;
    }
}
