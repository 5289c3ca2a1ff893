package land.keen.ser2net.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.spec.AccepterSpec.Family;
import land.keen.ser2net.spec.AccepterSpec.Telnet;
import land.keen.ser2net.spec.AccepterSpec.Tls;

/**
 * Parses a gensio accepter string: {@code [layer,...]tcp[(options)],[ipv4|ipv6|ipv6n4,][ADDR,]PORT}, then the layers
 * above tcp that we serve:
 * {@code telnet}, {@code telnet(rfc2217)} and {@code ssl(key=FILE,cert=FILE[,CA=FILE][,clientauth])}, in gensio's
 * order (telnet above ssl: {@code telnet(rfc2217),ssl(key=…,cert=…),tcp,PORT}); anything else is reported as not
 * supported yet. Layers carry their own comma-separated options in parentheses, so commas are only split outside
 * parentheses.
 */
final class AccepterParser {

    /**
     * The accepter as written, before its layers are read.
     *
     * @param layers gensio layers stacked above tcp, outermost first, with their options
     * @param host   the address to bind; for a family without an address, the family's any-address
     * @param notes  what the tcp options ask that this app does differently (said once, the connection served)
     */
    record Syntax(String raw, List<String> layers, String host, int port, Family family, List<String> notes) {
        Syntax {
            layers = List.copyOf(layers);
            notes = List.copyOf(notes);
        }
    }

    private static final String KEY = "accepter";
    /** Host names, IPv4 and bare IPv6 (gensio's {@code tcp,::1,1234}), optionally with a %scope. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");

    private AccepterParser() {
    }

    /** The accepter of a connection, its layers read: what the bridge serves; {@code notes} hears what is ignored. */
    static AccepterSpec accepter(String accepter, java.util.function.Consumer<String> notes) {
        Syntax syntax = parse(accepter);
        syntax.notes().forEach(notes);
        Telnet telnet = Telnet.NONE;
        Tls tls = null;
        List<String> layers = syntax.layers();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i).trim();
            String name = gensioName(layer).toLowerCase(Locale.ROOT);
            switch (name) {
                case "telnet" -> {
                    if (i != 0 || telnet != Telnet.NONE) {
                        throw new ConfigException(KEY, "telnet must be the first layer");
                    }
                    telnet = telnet(layer, notes);
                }
                case "ssl" -> {
                    if (tls != null) {
                        throw new ConfigException(KEY, "ssl given twice");
                    }
                    tls = tls(layer);
                }
                default -> throw new ConfigException(KEY, "gensio layer '" + layer
                        + "' is not supported yet (supported: telnet, telnet(rfc2217), ssl(key=…,cert=…))");
            }
        }
        return new AccepterSpec(syntax.raw(), syntax.host(), syntax.port(), telnet, tls, syntax.family());
    }

    /** The accepter's syntax: tcp, address and port checked, layers kept as written. */
    static Syntax parse(String accepter) {
        List<String> parts = splitTopLevel(accepter);
        int tcp = -1;
        for (int i = 0; i < parts.size() && tcp < 0; i++) {
            String name = gensioName(parts.get(i));
            if (name.equals("tcp")) {
                tcp = i;
            } else if (List.of("udp", "sctp", "unix", "unixdgram", "unixseq", "dummy", "conacc", "stdio")
                    .contains(name)) {
                throw new ConfigException(KEY, "only tcp accepters are supported, not '" + name + "'");
            }
        }
        if (tcp < 0) {
            throw new ConfigException(KEY, "no tcp in '" + accepter + "' (expected tcp,[ADDR,]PORT)");
        }
        List<String> notes = tcpOptions(parts.get(tcp));
        List<String> address = parts.subList(tcp + 1, parts.size());
        Family family = Family.ANY;
        if (!address.isEmpty() && family(address.get(0)) != null) {
            family = family(address.get(0));
            address = address.subList(1, address.size());
        }
        String host;
        String port;
        if (address.size() == 1) {
            // gensio: no address is every address, of the family when one is given
            host = family == Family.ANY ? null : family == Family.IPV4 ? "0.0.0.0" : "::";
            port = address.get(0);
        } else if (address.size() == 2) {
            host = host(address.get(0), family);
            port = address.get(1);
        } else if (address.isEmpty()) {
            throw new ConfigException(KEY, "no port in '" + accepter + "'");
        } else {
            throw new ConfigException(KEY, "several addresses in '" + accepter + "' are not supported yet");
        }
        return new Syntax(accepter, parts.subList(0, tcp), host, port(port), family, notes);
    }

    /**
     * gensio's tcp accepter options. This app's sockets always have TCP_NODELAY (latency first) and SO_REUSEADDR, and
     * read what arrives; TCP wrappers (tcpd) are not consulted, so asking for them refuses the connection rather than
     * serve it without the access control it expects (remaddr is the way here).
     */
    private static List<String> tcpOptions(String layer) {
        List<String> notes = new ArrayList<>();
        for (GensioOptions.Option o : GensioOptions.ofLayer(layer, KEY, "tcp")) {
            switch (o.name()) {
                case "readbuf" -> GensioOptions.size(o, KEY, "tcp");
                case "nodelay", "reuseaddr" -> {
                    if (!GensioOptions.bool(o, KEY, "tcp")) {
                        notes.add("accepter: tcp option '" + o.text() + "': sockets here always have "
                                  + (o.name().equals("nodelay") ? "TCP_NODELAY" : "SO_REUSEADDR") + "; ignored");
                    }
                }
                case "tcpd" -> {
                    if (!"off".equalsIgnoreCase(o.value())) {
                        throw new ConfigException(KEY, "tcp option '" + o.text() + "': TCP wrappers are not"
                                                       + " supported (remaddr limits who may connect)");
                    }
                }
                default -> throw new ConfigException(KEY, "tcp option '" + o.text() + "' is not supported yet"
                        + " (known: readbuf, nodelay, reuseaddr, tcpd=off)");
            }
        }
        return notes;
    }

    /** gensio's address family words (it compares them exactly; any case is taken here), or null. */
    private static Family family(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "ipv4" -> Family.IPV4;
            case "ipv6" -> Family.IPV6;
            case "ipv6n4" -> Family.IPV6N4;
            default -> null;
        };
    }

    private static String host(String text, Family family) {
        String host = host(text);
        Family literal = Family.ofLiteral(host);
        if (family == Family.IPV4 && literal == Family.IPV6) {
            throw new ConfigException(KEY, "'" + text + "' is an IPv6 address, but the accepter says ipv4");
        }
        if (family == Family.IPV6 && literal == Family.IPV4) {
            throw new ConfigException(KEY, "'" + text + "' is an IPv4 address, but the accepter says ipv6 (ipv6n4"
                                           + " takes IPv4 clients too)");
        }
        return host;
    }

    private static String host(String text) {
        String host = text;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":")) {
                throw new ConfigException(KEY, "'" + text + "' is not an IPv6 address");
            }
        }
        if (family(host) != null) {
            throw new ConfigException(KEY, "address family '" + host + "' given twice or after the address");
        }
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(KEY, "invalid address '" + text + "'");
        }
        if (host.contains(":")) {
            ipv6(host, text);
        } else if (host.matches("[0-9.]+")) {
            ipv4(host);
        } else {
            hostName(host);
        }
        return host;
    }

    /** Four numbers 0-255: Camel and Java would otherwise take '999.1.1.1' as a name and fail later, unhelpfully. */
    private static void ipv4(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            throw new ConfigException(KEY, "'" + host + "' is not an IPv4 address (it needs four numbers 0-255,"
                                           + " e.g. 192.168.1.10)");
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || Integer.parseInt(octet) > 255) {
                throw new ConfigException(KEY, "'" + host + "' is not an IPv4 address ('" + octet
                                               + "' is not a number 0-255)");
            }
        }
    }

    /** An IPv6 literal; a %scope is the interface of the machine that runs it, so it is not checked here. */
    private static void ipv6(String host, String text) {
        String address = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        try {
            // a literal with ':' is parsed, never looked up in DNS
            java.net.InetAddress.getByName("[" + address + "]");
        } catch (java.net.UnknownHostException | RuntimeException e) {
            throw new ConfigException(KEY, "'" + text + "' is not an IPv6 address");
        }
    }

    /** RFC 1123 host names: what the listening socket can resolve later. */
    private static void hostName(String host) {
        if (host.length() > 253) {
            throw new ConfigException(KEY, "host name '" + host + "' is longer than 253 characters");
        }
        for (String label : host.split("\\.", -1)) {
            if (!label.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                throw new ConfigException(KEY, "'" + host + "' is not a valid host name or address (host names are"
                                               + " letters, digits and '-' between dots, e.g. garage.lan)");
            }
        }
    }

    private static int port(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            throw new ConfigException(KEY, "invalid port '" + text + "'");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new ConfigException(KEY, "port " + port + " is out of range (1-65535)");
        }
        return port;
    }

    /** The gensio type of a part: {@code telnet(rfc2217)} → {@code telnet}. */
    private static String gensioName(String part) {
        int paren = part.indexOf('(');
        return paren < 0 ? part : part.substring(0, paren).trim();
    }

    /** Splits on commas outside parentheses and trims the parts (YAML folding leaves spaces). */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    throw new ConfigException(KEY, "unbalanced ')' in '" + text + "'");
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new ConfigException(KEY, "missing ')' in '" + text + "'");
        }
        parts.add(text.substring(start).trim());
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new ConfigException(KEY, "empty part in '" + text + "'");
        }
        return parts;
    }

    /**
     * gensio's telnet options (gensio(5)). An accepter's telnet is the server side; Netty sizes the buffers and a
     * closing client's output is always drained, so the buffer sizes and drain_timeout are checked and change nothing.
     */
    private static Telnet telnet(String layer, java.util.function.Consumer<String> notes) {
        Telnet mode = Telnet.TELNET;
        for (GensioOptions.Option o : GensioOptions.ofLayer(layer, KEY, "telnet")) {
            switch (o.name().toLowerCase(Locale.ROOT)) {
                case "rfc2217" -> mode = GensioOptions.bool(o, KEY, "telnet") ? Telnet.RFC2217 : Telnet.TELNET;
                case "readbuf", "writebuf" -> GensioOptions.size(o, KEY, "telnet");
                case "drain_timeout" -> {
                    if (o.value() == null || !o.value().matches("-?[0-9]{1,9}")) {
                        throw new ConfigException(KEY, "telnet option '" + o.text()
                                                       + "': drain_timeout needs milliseconds");
                    }
                }
                case "winsize" -> {
                    if (GensioOptions.bool(o, KEY, "telnet")) {
                        notes.accept("accepter: telnet option '" + o.text() + "': window size notices (RFC 1073) are"
                                     + " not negotiated here; ignored");
                    }
                }
                case "mode" -> {
                    if ("client".equalsIgnoreCase(o.value())) {
                        throw new ConfigException(KEY, "telnet option '" + o.text() + "': a telnet client on an"
                                                       + " accepter is not supported (mode=server is)");
                    } else if (!"server".equalsIgnoreCase(o.value())) {
                        throw new ConfigException(KEY, "telnet option '" + o.text() + "': mode is client or server");
                    }
                }
                default -> throw new ConfigException(KEY, "telnet option '" + o.text() + "' is not supported yet"
                        + " (known: rfc2217, mode, winsize, readbuf, writebuf, drain_timeout)");
            }
        }
        return mode;
    }

    private static Tls tls(String layer) {
        String key = null;
        String cert = null;
        String ca = null;
        boolean clientAuth = false;
        for (GensioOptions.Option o : GensioOptions.ofLayer(layer, KEY, "ssl")) {
            switch (o.name().toLowerCase(Locale.ROOT)) {
                case "key" -> key = required(o.value(), "key");
                case "cert" -> cert = required(o.value(), "cert");
                case "ca" -> ca = required(o.value(), "CA");
                case "clientauth" -> clientAuth = GensioOptions.bool(o, KEY, "ssl");
                default -> throw new ConfigException(KEY, "ssl option '" + o.text() + "' is not supported yet");
            }
        }
        if (key == null || cert == null) {
            throw new ConfigException(KEY, "ssl needs key=FILE and cert=FILE");
        }
        if (clientAuth && ca == null) {
            throw new ConfigException(KEY, "ssl clientauth needs CA=FILE to check client certificates against");
        }
        return new Tls(key, cert, ca, clientAuth);
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new ConfigException(KEY, "ssl option " + name + " needs a value");
        }
        return value;
    }
}
