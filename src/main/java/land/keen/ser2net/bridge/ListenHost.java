package land.keen.ser2net.bridge;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import land.keen.ser2net.spec.AccepterSpec.Family;

/**
 * The address a bridge binds, for gensio's address families: {@code tcp,ipv4,garage.lan,2000} listens on garage.lan's
 * IPv4 address even when the name has an IPv6 one first. Without a family, or with an address written as digits, the
 * host is bound as written (the parser already checked a literal against its family).
 */
final class ListenHost {

    private ListenHost() {
    }

    /** The host to bind; fails, naming the host and family, when the name has no address of that family. */
    static String resolve(String host, Family family) throws UnknownHostException {
        if (family == Family.ANY || Family.ofLiteral(host) != null) {
            return host;
        }
        InetAddress[] all = InetAddress.getAllByName(host);
        Class<? extends InetAddress> wanted = family == Family.IPV4 ? Inet4Address.class : Inet6Address.class;
        for (InetAddress a : all) {
            if (wanted.isInstance(a)) {
                return a.getHostAddress();
            }
        }
        if (family == Family.IPV6N4 && all.length > 0) {
            // ipv6n4 takes IPv4 too: an IPv4-only name listens on its (mapped) IPv4 address
            return all[0].getHostAddress();
        }
        throw new UnknownHostException(host + " has no " + (family == Family.IPV4 ? "IPv4" : "IPv6")
                                       + " address (the accepter says " + family.name().toLowerCase(Locale.ROOT) + ")");
    }
}
