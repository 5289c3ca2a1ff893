package land.keen.ser2net.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import land.keen.ser2net.spec.MdnsSpec;

/**
 * Reads ser2net's {@code mdns*} options of one connection into an {@link MdnsSpec}, starting from the
 * {@code default:} values in force. Each value is checked here, so a bad one is reported with its key when the file is
 * read rather than when the advert goes out.
 */
final class MdnsOptions {

    /** The mdns options ser2net also takes as {@code default:} (class ser2net). */
    static final Set<String> DEFAULTABLE = Set.of("mdns", "mdns-sysattrs", "mdns-interface", "mdns-nettype",
            "mdns-type", "mdns-domain", "mdns-host");

    /**
     * {@code _service._tcp}. The service part may be longer than RFC 6335's 15 bytes: Home Assistant and zigbee2mqtt
     * look for {@code _zigbee-coordinator._tcp}, and DNS allows 63.
     */
    private static final Pattern TYPE = Pattern.compile("_[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\._tcp");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private boolean enabled;
    private String name;
    private String type;
    private final List<String> txt = new ArrayList<>();
    private boolean sysattrs;
    private int netIf;
    private MdnsSpec.NetType netType;
    private String domain;
    private String host;

    MdnsOptions(Defaults defaults) {
        enabled = defaults.bool("mdns", Defaults.SER2NET, false);
        sysattrs = defaults.bool("mdns-sysattrs", Defaults.SER2NET, false);
        String n = defaults.get("mdns-interface", Defaults.SER2NET);
        netIf = n == null || n.isEmpty() ? -1 : netIf(n);
        String t = defaults.get("mdns-nettype", Defaults.SER2NET);
        netType = t == null || t.isEmpty() ? MdnsSpec.NetType.UNSPEC : netType(t);
        String ty = defaults.get("mdns-type", Defaults.SER2NET);
        type = ty == null || ty.isEmpty() ? null : type(ty);
        String d = defaults.get("mdns-domain", Defaults.SER2NET);
        domain = d == null || d.isEmpty() ? null : domain(d, "mdns-domain");
        String h = defaults.get("mdns-host", Defaults.SER2NET);
        host = h == null || h.isEmpty() ? null : domain(h, "mdns-host");
    }

    /** Takes one option if it is an mdns one; false if it is not (the caller handles it). */
    boolean accept(String key, String value) {
        switch (key) {
            case "mdns" -> enabled = YamlValues.bool(value, key);
            case "mdns-sysattrs" -> sysattrs = YamlValues.bool(value, key);
            case "mdns-name" -> name = name(value);
            case "mdns-type" -> type = type(value);
            case "mdns-txt" -> txt.add(txt(value));
            case "mdns-interface" -> netIf = netIf(value);
            case "mdns-nettype" -> netType = netType(value);
            case "mdns-domain" -> domain = domain(value, key);
            case "mdns-host" -> host = domain(value, key);
            // ser2net's mdns-port (advertise another port than the accepter's) is left out: a bridge is reached on
            // the port it listens on
            default -> {
                return false;
            }
        }
        return true;
    }

    MdnsSpec spec() {
        return new MdnsSpec(enabled, name, type, txt, sysattrs, netIf, netType, domain, host);
    }

    /** Checks a {@code default:} value for one of {@link #DEFAULTABLE}. */
    static void validateDefault(String key, String value) {
        switch (key) {
            case "mdns", "mdns-sysattrs" -> YamlValues.bool(value, key);
            case "mdns-interface" -> netIf(value);
            case "mdns-nettype" -> netType(value);
            case "mdns-type" -> type(value);
            default -> domain(value, key);
        }
    }

    private static String name(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new ConfigException("mdns-name", "empty");
        }
        if (v.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new ConfigException("mdns-name", "'" + v + "' is longer than 63 bytes (a DNS label)");
        }
        return v;
    }

    private static String type(String value) {
        String v = value.trim();
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.toLowerCase(Locale.ROOT).endsWith(".local")) {
            v = v.substring(0, v.length() - ".local".length());
        }
        if (!TYPE.matcher(v).matches()) {
            throw new ConfigException("mdns-type", "'" + value + "' is not a DNS-SD type for a TCP port; write "
                                                   + "_<service>._tcp, like _iostream._tcp or "
                                                   + "_zigbee-coordinator._tcp");
        }
        return v;
    }

    private static String txt(String value) {
        String v = value.trim();
        int eq = v.indexOf('=');
        String key = eq < 0 ? v : v.substring(0, eq);
        if (key.isEmpty()) {
            throw new ConfigException("mdns-txt", "'" + value + "' has no name; write name=value");
        }
        if (!key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ConfigException("mdns-txt", "'" + key + "': a TXT name is printable ASCII");
        }
        if (v.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new ConfigException("mdns-txt", "'" + key + "...' is longer than 255 bytes (one TXT string)");
        }
        return v;
    }

    private static int netIf(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= -1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("mdns-interface", "'" + value + "' is not an interface number (-1 for all)");
    }

    private static MdnsSpec.NetType netType(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "unspec" -> MdnsSpec.NetType.UNSPEC;
            case "ipv4" -> MdnsSpec.NetType.IPV4;
            case "ipv6" -> MdnsSpec.NetType.IPV6;
            default -> throw new ConfigException("mdns-nettype", "'" + value + "' is not unspec, ipv4 or ipv6");
        };
    }

    private static String domain(String value, String key) {
        String v = value.trim();
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!DOMAIN.matcher(v).matches()) {
            throw new ConfigException(key, "'" + value + "' is not a DNS name");
        }
        return v;
    }
}
