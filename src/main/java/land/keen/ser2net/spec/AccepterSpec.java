package land.keen.ser2net.spec;

/**
 * The network side of a connection, from {@code accepter: [layer,...]tcp,[ADDR,]PORT}, with its gensio layers read
 * once by the parser: {@code telnet}, {@code telnet(rfc2217)} and {@code ssl(key=FILE,cert=FILE[,CA=FILE][,clientauth])}.
 *
 * @param raw    the accepter string after substitutions, as written
 * @param host   the address to bind, without IPv6 brackets; null means the configured bind address
 * @param port   the TCP port, 1..65535
 * @param telnet the telnet layer in front of the device
 * @param tls    TLS settings, or null for a plain connection
 * @param family gensio's address family prefix ({@code tcp,ipv4,…}): which addresses {@code host} may stand for
 */
public record AccepterSpec(String raw, String host, int port, Telnet telnet, Tls tls, Family family) {

    /**
     * gensio's {@code ipv4}, {@code ipv6} and {@code ipv6n4} before an address: a host name is resolved to an address
     * of that family only, and no address means every address of the family ({@code 0.0.0.0} or {@code ::}).
     */
    public enum Family {
        /** No prefix: a host name's first address, whatever its family. */
        ANY,
        IPV4,
        IPV6,
        /** IPv6 that also takes IPv4 clients (IPv4-mapped addresses). */
        IPV6N4;

        /** The family of an address written as digits ({@code 10.0.0.5}: IPV4, {@code ::1}: IPV6); null for a name. */
        public static Family ofLiteral(String host) {
            return host.contains(":") ? IPV6 : host.matches("[0-9.]+") ? IPV4 : null;
        }
    }

    /** What telnet layer a client speaks through. */
    public enum Telnet {
        /** Raw bytes. */
        NONE,
        /** Telnet, COM-PORT-OPTION refused. */
        TELNET,
        /** Telnet with RFC 2217 COM-PORT-OPTION: the client sets the line. */
        RFC2217
    }

    /** gensio ssl options we honour: PEM key and certificate, CA to verify clients against, client auth. */
    public record Tls(String key, String cert, String ca, boolean clientAuth) {
    }

    public AccepterSpec {
        telnet = telnet == null ? Telnet.NONE : telnet;
        family = family == null ? Family.ANY : family;
    }

    /** An accepter without an address family prefix. */
    public AccepterSpec(String raw, String host, int port, Telnet telnet, Tls tls) {
        this(raw, host, port, telnet, tls, Family.ANY);
    }

    /** A plain tcp accepter. */
    public AccepterSpec(String raw, String host, int port) {
        this(raw, host, port, Telnet.NONE, null);
    }
}
