package land.keen.ser2net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A second test host: a network namespace joined to this one by a veth pair on a private /30 (10.231.N.0/30), made
 * for one test and removed by {@link #close()}. This side's end of the pair carries {@link #hostAddress()}, the
 * namespace's end {@link #peerAddress()}; traffic between them never leaves the pair. Skips the test (JUnit
 * assumption, with the reason) where namespaces cannot be made: not root, no {@code ip}.
 */
public final class NetNamespace implements AutoCloseable {

    private final String name;
    private final String hostLink;
    private final String peerLink;
    private final String subnet;

    private NetNamespace(String tag, int n) {
        this.name = "s2n-" + tag;
        this.hostLink = "s2n" + tag + "h";
        this.peerLink = "s2n" + tag + "p";
        this.subnet = "10.231." + n + ".";
    }

    public static NetNamespace create() throws Exception {
        assumeTrue(run(List.of("ip", "-V")) == 0, "needs iproute2's ip");
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        int n = freeSubnet();
        NetNamespace ns = new NetNamespace(tag, n);
        assumeTrue(run(List.of("ip", "netns", "add", ns.name)) == 0,
                "cannot make a network namespace (needs root / CAP_SYS_ADMIN)");
        try {
            ns.must("ip", "link", "add", ns.hostLink, "type", "veth", "peer", "name", ns.peerLink);
            ns.must("ip", "link", "set", ns.peerLink, "netns", ns.name);
            ns.must("ip", "addr", "add", ns.hostAddress() + "/30", "dev", ns.hostLink);
            ns.must("ip", "link", "set", ns.hostLink, "up");
            ns.inside("ip", "link", "set", "lo", "up");
            ns.inside("ip", "addr", "add", ns.peerAddress() + "/30", "dev", ns.peerLink);
            ns.inside("ip", "link", "set", ns.peerLink, "up");
        } catch (Exception e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** A 10.231.N.0/30 no interface here uses yet (other tests may run beside this one). */
    private static int freeSubnet() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-o", "-4", "addr").redirectErrorStream(true).start();
        String used = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        for (int tries = 0; tries < 50; tries++) {
            int n = ThreadLocalRandom.current().nextInt(1, 255);
            if (!used.contains("10.231." + n + ".")) {
                return n;
            }
        }
        throw new IllegalStateException("no free 10.231.N.0/30 subnet");
    }

    /** This side's address (in the test's own namespace). */
    public String hostAddress() {
        return subnet + "1";
    }

    /** The namespace's address. */
    public String peerAddress() {
        return subnet + "2";
    }

    /** Starts a command inside the namespace (stdout readable, stderr merged). */
    public Process start(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Runs a command inside the namespace, failing when it fails. */
    public void inside(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        must(cmd.toArray(String[]::new));
    }

    /** The namespace's network goes away without a word: its end of the pair goes down (no FIN, no RST). */
    public void cutLink() throws Exception {
        inside("ip", "link", "set", peerLink, "down");
    }

    private void must(String... command) throws Exception {
        if (run(List.of(command)) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException notInstalled) {
            return -1;
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Removes the namespace and with it both ends of the pair and their addresses. */
    @Override
    public void close() throws Exception {
        run(List.of("ip", "netns", "delete", name));
        run(List.of("ip", "link", "delete", hostLink));
    }
}
