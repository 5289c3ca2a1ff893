package land.keen.ser2net.config;

import java.util.ArrayList;
import java.util.List;

/**
 * ser2net's {@code remaddr: ADDR,PORT[;ADDR,PORT…]} (port 0 = any port of that host), with CIDR ranges
 * ({@code 192.168.1.0/24,0}) as our extension and gensio's optional {@code ipv4,} / {@code ipv6,} prefix. Connect-back
 * addresses ({@code !ADDR}) are not supported yet. Entries are normalised to {@code HOST_OR_CIDR,PORT}.
 */
final class RemoteAddresses {

    private static final String KEY = "remaddr";

    private RemoteAddresses() {
    }

    static List<String> parse(String value) {
        List<String> out = new ArrayList<>();
        for (String raw : value.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("!")) {
                throw new ConfigException(KEY, "connect-back address '" + entry + "' is not supported yet");
            }
            List<String> parts = new ArrayList<>(List.of(entry.split(",")));
            if (!parts.isEmpty() && (parts.get(0).equals("ipv4") || parts.get(0).equals("ipv6"))) {
                parts.remove(0);
            }
            if (parts.size() != 2) {
                throw new ConfigException(KEY, "'" + entry + "' is not ADDR,PORT (port 0 = any)");
            }
            String host = parts.get(0).trim();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String port = parts.get(1).trim();
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
                throw new ConfigException(KEY, "invalid port '" + port + "' in '" + entry + "'");
            }
            if (!host.matches("[A-Za-z0-9._:%-]+(/[0-9]{1,3})?")) {
                throw new ConfigException(KEY, "invalid address '" + host + "' in '" + entry + "'");
            }
            out.add(host + "," + Integer.parseInt(port));
        }
        if (out.isEmpty()) {
            throw new ConfigException(KEY, "no address given");
        }
        return out;
    }
}
