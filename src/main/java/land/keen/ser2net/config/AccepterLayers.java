package land.keen.ser2net.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gensio layers above tcp that we serve, read from an accepter's layer list: {@code telnet},
 * {@code telnet(rfc2217)} and {@code ssl(key=FILE,cert=FILE[,CA=FILE][,clientauth])}, in gensio's order (telnet above
 * ssl: {@code telnet(rfc2217),ssl(key=…,cert=…),tcp,PORT}). Anything else is reported as not supported yet.
 *
 * @param telnet {@code none}, {@code telnet} or {@code rfc2217}
 * @param tls    TLS settings, or null for a plain connection
 */
public record AccepterLayers(String telnet, Tls tls) {

    public static final AccepterLayers PLAIN = new AccepterLayers("none", null);

    /** gensio ssl options we honour: PEM key and certificate, CA to verify clients against, client auth. */
    public record Tls(String key, String cert, String ca, boolean clientAuth) {
    }

    private static final String KEY = "accepter";

    public static AccepterLayers of(AccepterSpec accepter) {
        String telnet = "none";
        Tls tls = null;
        List<String> layers = accepter.layers();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i).trim();
            String name = name(layer).toLowerCase(Locale.ROOT);
            List<String> options = options(layer);
            switch (name) {
                case "telnet" -> {
                    if (i != 0 || !telnet.equals("none")) {
                        throw new ConfigException(KEY, "telnet must be the first layer");
                    }
                    telnet = telnet(options);
                }
                case "ssl" -> {
                    if (tls != null) {
                        throw new ConfigException(KEY, "ssl given twice");
                    }
                    tls = tls(options);
                }
                default -> throw new ConfigException(KEY, "gensio layer '" + layer
                        + "' is not supported yet (supported: telnet, telnet(rfc2217), ssl(key=…,cert=…))");
            }
        }
        return new AccepterLayers(telnet, tls);
    }

    private static String telnet(List<String> options) {
        String mode = "telnet";
        for (String o : options) {
            String opt = o.toLowerCase(Locale.ROOT);
            if (opt.equals("rfc2217") || opt.equals("rfc2217=true")) {
                mode = "rfc2217";
            } else if (!opt.equals("rfc2217=false")) {
                throw new ConfigException(KEY, "telnet option '" + o + "' is not supported yet");
            }
        }
        return mode;
    }

    private static Tls tls(List<String> options) {
        String key = null;
        String cert = null;
        String ca = null;
        boolean clientAuth = false;
        for (String o : options) {
            int eq = o.indexOf('=');
            String k = (eq < 0 ? o : o.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : o.substring(eq + 1).trim();
            switch (k) {
                case "key" -> key = required(v, "key");
                case "cert" -> cert = required(v, "cert");
                case "ca" -> ca = required(v, "CA");
                case "clientauth" -> clientAuth = v == null || v.equalsIgnoreCase("true");
                default -> throw new ConfigException(KEY, "ssl option '" + o + "' is not supported yet");
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

    private static String name(String layer) {
        int paren = layer.indexOf('(');
        return paren < 0 ? layer : layer.substring(0, paren).trim();
    }

    private static List<String> options(String layer) {
        int open = layer.indexOf('(');
        if (open < 0) {
            return List.of();
        }
        if (!layer.endsWith(")")) {
            throw new ConfigException(KEY, "unbalanced parentheses in '" + layer + "'");
        }
        List<String> out = new ArrayList<>();
        for (String o : layer.substring(open + 1, layer.length() - 1).split(",")) {
            if (!o.isBlank()) {
                out.add(o.trim());
            }
        }
        return out;
    }
}
