package land.keen.ser2net.config;

import java.util.List;

/**
 * The network side of a connection, from {@code accepter: [layer,...]tcp,[ADDR,]PORT}.
 *
 * @param raw    the accepter string after substitutions, as written
 * @param layers gensio filter layers stacked above tcp, outermost first (e.g. {@code telnet(rfc2217)});
 *               kept so telnet/ssl support can be added without re-parsing
 * @param host   the address to bind, without IPv6 brackets; null means all addresses
 * @param port   the TCP port, 1..65535
 */
public record AccepterSpec(String raw, List<String> layers, String host, int port) {

    public AccepterSpec {
        layers = List.copyOf(layers);
    }
}
