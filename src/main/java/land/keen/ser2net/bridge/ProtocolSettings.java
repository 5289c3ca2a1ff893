package land.keen.ser2net.bridge;

import java.util.List;

/**
 * What a client must go through before its bytes reach the device: who may connect ({@code remaddr}), TLS, and the
 * telnet / RFC 2217 layer.
 *
 * @param telnet          {@code none}, {@code telnet} or {@code rfc2217}
 * @param tlsKey          PEM private key (PKCS#8), or null for no TLS
 * @param tlsCert         PEM certificate chain
 * @param tlsCa           PEM CA certificates that client certificates must chain to (mutual TLS), or null
 * @param tlsClientAuth   require a valid client certificate
 * @param allowedRemotes  {@code HOST_OR_CIDR,PORT} entries (port 0 = any); empty = everyone may connect
 * @param banner          ser2net's banner, sent to each admitted client after {@link StringFormat}, or null
 */
public record ProtocolSettings(String telnet, String tlsKey, String tlsCert, String tlsCa, boolean tlsClientAuth,
        List<String> allowedRemotes, String banner) {

    public static final ProtocolSettings PLAIN = new ProtocolSettings("none", null, null, null, false, List.of(),
            null);

    public ProtocolSettings {
        telnet = telnet == null ? "none" : telnet;
        allowedRemotes = allowedRemotes == null ? List.of() : List.copyOf(allowedRemotes);
    }

    public boolean tls() {
        return tlsKey != null;
    }
}
