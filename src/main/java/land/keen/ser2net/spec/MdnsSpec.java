package land.keen.ser2net.spec;

import java.util.List;

/**
 * ser2net's {@code mdns*} connection options (ser2net.yaml(5)), as written: what a DNS-SD advert for the connection
 * should say. Defaults that depend on the running bridge (the name is the connection's, the port the accepter's) are
 * filled in by whoever advertises.
 *
 * @param enabled   {@code mdns}: advertise at all
 * @param name      {@code mdns-name}: the service instance name; null for the connection name
 * @param type      {@code mdns-type}, e.g. {@code _zigbee-coordinator._tcp}; null for {@link #DEFAULT_TYPE}
 * @param txt       {@code mdns-txt} strings ({@code name=value}) in the order written; ser2net's {@code provider} and
 *                  {@code gensiostack} are added by the advertiser unless given here
 * @param sysattrs  {@code mdns-sysattrs}: add the USB device's sysfs attributes to the TXT record
 * @param netIf     {@code mdns-interface}: the network interface index to advertise on; -1 for all
 * @param netType   {@code mdns-nettype}: address families to advertise
 * @param domain    {@code mdns-domain}; null for {@code local}
 * @param host      {@code mdns-host}: the host name in the advert; null for the machine's
 */
public record MdnsSpec(boolean enabled, String name, String type, List<String> txt, boolean sysattrs, int netIf,
                       NetType netType, String domain, String host) {

    /** ser2net's type for a TCP accepter. */
    public static final String DEFAULT_TYPE = "_iostream._tcp";

    /** Nothing asked for: ser2net's built-in defaults. */
    public static final MdnsSpec OFF = new MdnsSpec(false, null, null, List.of(), false, -1, NetType.UNSPEC, null,
            null);

    /** {@code mdns-nettype}: ser2net's names are unspec (both), ipv4 and ipv6. */
    public enum NetType {
        UNSPEC, IPV4, IPV6
    }

    public MdnsSpec {
        txt = txt == null ? List.of() : List.copyOf(txt);
        netType = netType == null ? NetType.UNSPEC : netType;
    }

    /** The type to advertise: the one written, or ser2net's default. */
    public String effectiveType() {
        return type == null ? DEFAULT_TYPE : type;
    }
}
