package land.keen.ser2net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** iproute2 for the test hosts ({@link NetNamespace}, {@link NetnsPair}): commands, and commands inside a namespace. */
public final class Ip {

    private Ip() {
    }

    /** A command line that runs {@code command} inside namespace {@code ns}. */
    public static List<String> in(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** Runs a command; null when it succeeded, else what it said (or why it could not run). */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Runs a command, failing with what it said when it fails. */
    public static void must(String... command) {
        String error = run(command);
        if (error != null) {
            throw new IllegalStateException(String.join(" ", command) + ": " + error);
        }
    }
}
