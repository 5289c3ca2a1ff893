package land.keen.ser2net.testing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Assumptions;

/**
 * Two test hosts on one cable: network namespaces {@code node} and {@code client} joined by a veth pair, with a /30
 * between them and nothing else (no route out, no other interface but their own loopback). Multicast sent in one
 * reaches only the other, so DNS-SD can be tried with real clients without a packet reaching the machine's own LAN.
 * Made with {@code ip netns} (root, iproute2); where that is not possible the calling test is skipped with the reason.
 */
public final class NetnsPair implements AutoCloseable {

    private final String node;
    private final String client;
    private final String nodeAddress;
    private final String clientAddress;

    private NetnsPair(String node, String client, String nodeAddress, String clientAddress) {
        this.node = node;
        this.client = client;
        this.nodeAddress = nodeAddress;
        this.clientAddress = clientAddress;
    }

    /** Makes the pair, or skips the test (with the reason) where namespaces cannot be made. */
    public static NetnsPair create(String tag) {
        String id = tag + "-" + ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt(1000);
        String node = "s2c-" + id + "-n";
        String client = "s2c-" + id + "-c";
        // 10.232.X.Y/30: one subnet per pair so two pairs never look alike in a capture
        int x = ThreadLocalRandom.current().nextInt(256);
        int y = ThreadLocalRandom.current().nextInt(64) * 4;
        String nodeAddress = "10.232." + x + "." + (y + 1);
        String clientAddress = "10.232." + x + "." + (y + 2);
        String first = Ip.run("ip", "netns", "add", node);
        Assumptions.assumeTrue(first == null, () -> "network namespaces cannot be made here (" + first + ")");
        NetnsPair pair = new NetnsPair(node, client, nodeAddress, clientAddress);
        try {
            Ip.must("ip", "netns", "add", client);
            Ip.must("ip", "link", "add", "s2cn", "netns", node, "type", "veth", "peer", "name", "s2cc", "netns",
                    client);
            Ip.must("ip", "-n", node, "addr", "add", nodeAddress + "/30", "dev", "s2cn");
            Ip.must("ip", "-n", client, "addr", "add", clientAddress + "/30", "dev", "s2cc");
            for (String[] nsDev : new String[][] { { node, "s2cn" }, { client, "s2cc" }, { node, "lo" },
                    { client, "lo" } }) {
                Ip.must("ip", "-n", nsDev[0], "link", "set", nsDev[1], "up");
            }
            // multicast goes out on the cable, as on a host whose default route is its LAN (clients that do not
            // pick an interface for their multicast socket, like Node's multicast-dns, need a route for it)
            Ip.must("ip", "-n", node, "route", "add", "224.0.0.0/4", "dev", "s2cn");
            Ip.must("ip", "-n", client, "route", "add", "224.0.0.0/4", "dev", "s2cc");
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    public String node() {
        return node;
    }

    public String client() {
        return client;
    }

    public String nodeAddress() {
        return nodeAddress;
    }

    public String clientAddress() {
        return clientAddress;
    }

    /** Plugs or pulls the node's end of the cable (its veth link up or down). */
    public void nodeLink(boolean up) {
        Ip.must("ip", "-n", node, "link", "set", "s2cn", up ? "up" : "down");
        if (up) {
            // the route goes with the link; put it back as a host's network setup would
            Ip.run("ip", "-n", node, "route", "replace", "224.0.0.0/4", "dev", "s2cn");
        }
    }

    /** A command line that runs {@code command} inside namespace {@code ns}. */
    public static List<String> in(String ns, String... command) {
        return Ip.in(ns, command);
    }

    /** Removes both namespaces; the veth pair goes with them. */
    @Override
    public void close() {
        Ip.run("ip", "netns", "del", node);
        Ip.run("ip", "netns", "del", client);
    }
}
