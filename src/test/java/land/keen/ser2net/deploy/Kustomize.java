package land.keen.ser2net.deploy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kustomize over a folder: {@code kubectl kustomize DIR}, or {@code kustomize build DIR}
 * when only the standalone binary is there. {@code $KUBECTL} names a kubectl to use instead of the one
 * on the PATH. Nothing here talks to a cluster.
 */
final class Kustomize {

    /** What the build printed. */
    record Output(int exitCode, String stdout, String stderr) {
    }

    private final List<String> command;

    private Kustomize(List<String> command) {
        this.command = command;
    }

    /** The kustomize to use, or empty when this machine has none (the caller skips). */
    static Optional<Kustomize> find() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(new Kustomize(List.of(explicit, "kustomize")));
        }
        return onPath("kubectl").map(k -> new Kustomize(List.of(k.toString(), "kustomize")))
                .or(() -> onPath("kustomize").map(k -> new Kustomize(List.of(k.toString(), "build"))));
    }

    static String howToInstall() {
        return "neither kubectl nor kustomize is on the PATH (set KUBECTL=/path/to/kubectl to name one); "
                + "on Debian 12: apt-get install kubernetes-client";
    }

    String describe() {
        return String.join(" ", command);
    }

    Output build(Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(describe() + " " + dir + " did not finish in 120 s");
        }
        return new Output(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
