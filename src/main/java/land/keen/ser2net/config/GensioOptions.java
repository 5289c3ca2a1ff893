package land.keen.ser2net.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options a gensio takes in parentheses after its name ({@code tcp(nodelay,readbuf=4096)},
 * {@code serialdev(nouucplock=true)}), read as gensio reads them: comma-separated {@code name[=value]}, a boolean
 * option alone meaning true. Which names a gensio takes, and what they do here, is its parser's business.
 */
final class GensioOptions {

    /** One option as written. */
    record Option(String text, String name, String value) {
    }

    private GensioOptions() {
    }

    /** The options of {@code (…)}; {@code owner} names the gensio in errors. */
    static List<Option> of(String parenthesised, String key, String owner) {
        if (!parenthesised.startsWith("(") || !parenthesised.endsWith(")")) {
            throw new ConfigException(key, "unbalanced parentheses in '" + owner + parenthesised + "'");
        }
        List<Option> out = new ArrayList<>();
        for (String part : parenthesised.substring(1, parenthesised.length() - 1).split(",")) {
            String o = part.trim();
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            String name = (eq < 0 ? o : o.substring(0, eq)).trim();
            out.add(new Option(o, name, eq < 0 ? null : o.substring(eq + 1).trim()));
        }
        return out;
    }

    /** The options of a layer as written, {@code name(…)}; none for a bare {@code name}. */
    static List<Option> ofLayer(String layer, String key, String owner) {
        int open = layer.indexOf('(');
        return open < 0 ? List.of() : of(layer.substring(open), key, owner);
    }

    /** gensio's boolean option: alone it means true. */
    static boolean bool(Option option, String key, String owner) {
        if (option.value() == null) {
            return true;
        }
        return switch (option.value().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(key, owner + " option '" + option.text()
                                                      + "': expected true or false");
        };
    }

    /** A size in bytes, at least 1. */
    static void size(Option option, String key, String owner) {
        String v = option.value();
        if (v == null || !v.matches("[0-9]{1,9}") || Integer.parseInt(v) < 1) {
            throw new ConfigException(key, owner + " option '" + option.text() + "': " + option.name()
                                           + " needs a size in bytes");
        }
    }
}
