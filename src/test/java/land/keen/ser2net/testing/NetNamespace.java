package land.keen.ser2net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        assumeTrue(Ip.run("ip", "-V") == null, "needs iproute2's ip");
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        int n = freeSubnet();
        NetNamespace ns = new NetNamespace(tag, n);
        assumeTrue(Ip.run("ip", "netns", "add", ns.name) == null,
                "cannot make a network namespace (needs root / CAP_SYS_ADMIN)");
        try {
            Ip.must("ip", "link", "add", ns.hostLink, "type", "veth", "peer", "name", ns.peerLink);
            Ip.must("ip", "link", "set", ns.peerLink, "netns", ns.name);
            Ip.must("ip", "addr", "add", ns.hostAddress() + "/30", "dev", ns.hostLink);
            Ip.must("ip", "link", "set", ns.hostLink, "up");
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
        return new ProcessBuilder(Ip.in(name, command)).redirectErrorStream(true).start();
    }

    /** Runs a command inside the namespace, failing when it fails. */
    public void inside(String... command) {
        Ip.must(Ip.in(name, command).toArray(String[]::new));
    }

    /** The namespace's network goes away without a word: its end of the pair goes down (no FIN, no RST). */
    public void cutLink() throws Exception {
        inside("ip", "link", "set", peerLink, "down");
    }

    /** Removes the namespace and with it both ends of the pair and their addresses. */
    @Override
    public void close() throws Exception {
        Ip.run("ip", "netns", "delete", name);
        Ip.run("ip", "link", "delete", hostLink);
    }
}
