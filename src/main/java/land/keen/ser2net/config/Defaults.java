package land.keen.ser2net.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * ser2net's {@code default:} settings. A default applies to the connections parsed after it (order
 * matters, as in ser2net), a class-specific one ({@code class: serialdev}) wins over the base one
 * (no class), and delete_default only removes class-specific ones.
 */
final class Defaults {

    static final String SERIALDEV = "serialdev";
    static final String SER2NET = "ser2net";

    /** gensio's serialdev defaults we model (sergensio_setup_defaults). */
    private static final Set<String> SERIAL_NAMES = Set.of("speed", "local", "rtscts", "xonxoff", "hangup-when-done");
    /** ser2net's own defaults we model. */
    private static final Set<String> SER2NET_NAMES = Set.of("kickolduser", "max-connections", "chardelay",
            "keepalive-idle", "keepalive-interval", "keepalive-count", "tcp-user-timeout");
    /**
     * Defaults whose "off" value is exactly what we do anyway; refusing them would reject configs
     * (like ser2net's own sample) that merely spell out the default.
     */
    static final Set<String> HARMLESS_WHEN_FALSE = Set.of("telnet-brk-on-sync", "timeout-on-os-queue",
            "trace-hexdump", "trace-timestamp", "trace-read-hexdump", "trace-read-timestamp",
            "trace-write-hexdump", "trace-write-timestamp", "trace-both-hexdump", "trace-both-timestamp",
            "no-con-to-acc", "no-acc-to-con");

    /** class name ("" for the base) → default name → raw value. */
    private final Map<String, Map<String, String>> byClass = new HashMap<>();

    /** Records a default, refusing ones that would change behaviour we do not implement. */
    void set(String name, String value, String clazz) {
        String key = name;
        if (clazz != null && !clazz.equals(SERIALDEV) && !clazz.equals(SER2NET)) {
            return; // a default for another gensio class (ipmisol, telnet...) cannot affect our connections
        }
        boolean serial = SERIAL_NAMES.contains(name) && (clazz == null || clazz.equals(SERIALDEV));
        boolean ours = (SER2NET_NAMES.contains(name) || MdnsOptions.DEFAULTABLE.contains(name))
                       && (clazz == null || clazz.equals(SER2NET));
        if (serial || ours) {
            validate(name, value, key);
            byClass.computeIfAbsent(clazz == null ? "" : clazz, c -> new HashMap<>()).put(name, value);
        } else if (SERIAL_NAMES.contains(name) || SER2NET_NAMES.contains(name)
                   || MdnsOptions.DEFAULTABLE.contains(name)) {
            return; // e.g. speed for class ser2net: gensio never looks it up there
        } else if (HARMLESS_WHEN_FALSE.contains(name) && (value.isEmpty() || !YamlValues.bool(value, key))) {
            return;
        } else {
            throw new ConfigException(key, "default '" + name + "' is not supported");
        }
    }

    void delete(String name, String clazz) {
        Map<String, String> values = byClass.get(clazz);
        if (values != null) {
            values.remove(name);
        }
    }

    /** The value for a name as seen by a gensio class: class-specific first, then base; null if unset. */
    String get(String name, String clazz) {
        Map<String, String> specific = byClass.getOrDefault(clazz, Map.of());
        if (specific.containsKey(name)) {
            return specific.get(name);
        }
        return byClass.getOrDefault("", Map.of()).get(name);
    }

    /** A boolean default; an empty value reads as false, as gensio sets ints to 0. */
    boolean bool(String name, String clazz, boolean builtin) {
        String value = get(name, clazz);
        if (value == null || value.equals("-1")) {
            return builtin;
        }
        return !value.isEmpty() && YamlValues.bool(value, name);
    }

    private static void validate(String name, String value, String key) {
        if (value.isEmpty()) {
            return; // no value: gensio resets strings to NULL and ints to 0
        }
        switch (name) {
            case "speed" -> LineSpecParser.parseSpeed(value, key, new LineSpecParser.Line());
            case "max-connections" -> YamlValues.uint(value, key);
            case "keepalive-idle", "keepalive-interval", "keepalive-count", "tcp-user-timeout" ->
                    ConnectionReader.socketSeconds(name, value);
            case "mdns", "mdns-sysattrs", "mdns-interface", "mdns-nettype", "mdns-type", "mdns-domain",
                 "mdns-host" -> MdnsOptions.validateDefault(name, value);
            case "hangup-when-done" -> {
                // an int default in gensio: -1 = leave alone, 0 = off, 1 = on
                if (!value.equals("-1")) {
                    YamlValues.bool(value, key);
                }
            }
            default -> YamlValues.bool(value, key);
        }
    }
}
