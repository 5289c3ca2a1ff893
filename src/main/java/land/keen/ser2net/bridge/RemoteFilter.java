package land.keen.ser2net.bridge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * ser2net's {@code remaddr}: which remote addresses may connect. Entries are {@code HOST,PORT} or {@code CIDR,PORT}
 * (port 0 = any port). Host names are resolved once, when the bridge starts.
 */
final class RemoteFilter {

    private record Rule(byte[] network, int prefix, int port) {
        boolean allows(InetAddress address, int remotePort) {
            if (port != 0 && port != remotePort) {
                return false;
            }
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Rule> rules;

    private RemoteFilter(List<Rule> rules) {
        this.rules = rules;
    }

    /** Null when everyone may connect. */
    static RemoteFilter of(List<String> entries) throws UnknownHostException {
        if (entries.isEmpty()) {
            return null;
        }
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            int comma = entry.lastIndexOf(',');
            String host = entry.substring(0, comma);
            int port = Integer.parseInt(entry.substring(comma + 1));
            int slash = host.indexOf('/');
            if (slash >= 0) {
                byte[] net = InetAddress.getByName(host.substring(0, slash)).getAddress();
                rules.add(new Rule(net, Integer.parseInt(host.substring(slash + 1)), port));
            } else {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    rules.add(new Rule(a.getAddress(), a.getAddress().length * 8, port));
                }
            }
        }
        return new RemoteFilter(rules);
    }

    boolean allows(InetSocketAddress remote) {
        InetAddress address = unmapped(remote.getAddress());
        return rules.stream().anyMatch(r -> r.allows(address, remote.getPort()));
    }

    /** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; compare it as the IPv4 address it is. */
    private static InetAddress unmapped(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] });
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
