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
 */
public record AccepterSpec(String raw, String host, int port, Telnet telnet, Tls tls) {

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
    }

    /** A plain tcp accepter. */
    public AccepterSpec(String raw, String host, int port) {
        this(raw, host, port, Telnet.NONE, null);
    }
}
