package land.keen.ser2net.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.spec.ConnectionOptions;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.spec.DeviceStrings;
import land.keen.ser2net.spec.SocketOptions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns one connection's mapping (the same in version 1 and 2) into a {@link ConnectionSpec}, or
 * throws {@link ConfigException} on the first thing wrong with it. Defines are expanded in every
 * value, as ser2net does for each scalar; the caller's tokens only in accepter and connector.
 */
final class ConnectionReader {

    /** ser2net's LED options (ser2net.yaml(5)): each names a {@code led:} definition. */
    private static final Set<String> LED_OPTIONS = Set.of("led-rx", "led-tx", "led-conn");

    private final Defines defines;
    private final Defaults defaults;
    private final char marker;
    /** Where a harmless oddity is said (e.g. an LED named by a connection), once per distinct text. */
    private final Consumer<String> notes;

    ConnectionReader(Defines defines, Defaults defaults, char marker, Consumer<String> notes) {
        this.defines = defines;
        this.defaults = defaults;
        this.marker = marker;
        this.notes = notes;
    }

    /** The raw accepter, expanded, if the mapping has one; used to name anchor-less connections. */
    String accepterText(MappingNode connection) {
        for (NodeTuple entry : connection.getValue()) {
            if (key(entry).equals("accepter")) {
                return defines.substituteTokens(value(entry, "accepter"));
            }
        }
        return null;
    }

    ConnectionSpec read(String name, String source, MappingNode connection) {
        String accepter = null;
        String connector = null;
        String service = null;
        Integer timeout = null;
        boolean enabled = true;
        MappingNode options = null;
        for (NodeTuple entry : connection.getValue()) {
            String key = key(entry);
            switch (key) {
                case "accepter" -> accepter = once(accepter, defines.substituteTokens(value(entry, key)), key);
                case "connector" -> connector = once(connector, defines.substituteTokens(value(entry, key)), key);
                case "timeout" -> timeout = YamlValues.uint(value(entry, key), key);
                case "enable" -> enabled = enable(value(entry, key));
                case "options" -> options = YamlValues.mapping(entry.getValueNode(), key).orElse(null);
                case "service" -> service = once(service, value(entry, key), key);
                default -> throw new ConfigException(key, "unknown connection key");
            }
        }
        if (accepter == null) {
            throw new ConfigException("accepter", "missing (every connection needs one)");
        }
        if (connector == null) {
            throw new ConfigException("connector", "missing (every connection needs one)");
        }
        AccepterSpec accepterSpec = AccepterParser.accepter(accepter, note -> notes.accept("connection " + name + ": "
                                                                                           + note));
        if (accepterSpec.family() == AccepterSpec.Family.IPV6 && "::".equals(accepterSpec.host())) {
            notes.accept("connection " + name + ": accepter: ipv6 without an address listens on :: and takes IPv4"
                         + " clients too (the JVM's listening sockets are dual-stack, as with ipv6n4)");
        }
        LineSpecParser.Connector serial = LineSpecParser.parse(connector, defaults,
                note -> notes.accept("connection " + name + ": " + note));
        ConnectionOptions connectionOptions = options(name, options, timeout == null ? 0 : timeout);
        return new ConnectionSpec(name, source, enabled, accepterSpec, serial.device(), serial.line(),
                connectionOptions, service);
    }

    private ConnectionOptions options(String connection, MappingNode options, int connectionTimeout) {
        boolean kick = defaults.bool("kickolduser", Defaults.SER2NET, false);
        String maxDefault = defaults.get("max-connections", Defaults.SER2NET);
        int max = maxDefault == null ? 1 : maxDefault.isEmpty() ? 0 : YamlValues.uint(maxDefault, "max-connections");
        boolean chardelay = defaults.bool("chardelay", Defaults.SER2NET, true);
        int timeout = connectionTimeout;
        TraceOptions trace = new TraceOptions();
        List<String> remaddr = new ArrayList<>();
        String banner = null;
        String openstr = null;
        String closestr = null;
        String signature = null;
        String closeon = null;
        MdnsOptions mdns = new MdnsOptions(defaults);
        SocketOptions socket = SocketOptions.NONE;
        for (String name : SocketOptions.NAMES) {
            String value = defaults.get(name, Defaults.SER2NET);
            if (value != null && !value.isEmpty()) {
                socket = socket.with(name, socketSeconds(name, value));
            }
        }
        if (options != null) {
            for (NodeTuple entry : options.getValue()) {
                String name = key(entry);
                try {
                    if (LED_OPTIONS.contains(name)) {
                        // the value is a led: definition (an alias) or its name: activity lights, not the data path
                        notes.accept("connection " + connection + ": " + name + ": LEDs are not driven here; ignored");
                        continue;
                    }
                    if (name.equals("mdns-txt") && entry.getValueNode() instanceof SequenceNode list) {
                        list.getValue().forEach(n -> mdns.accept(name, expand(n, name)));
                        continue;
                    }
                    String value = value(entry, "options");
                    if (mdns.accept(name, value) || trace.accept(name, value)) {
                        continue;
                    }
                    switch (name) {
                        case "kickolduser" -> kick = YamlValues.bool(value, name);
                        case "max-connections" -> max = YamlValues.uint(value, name);
                        case "chardelay" -> chardelay = YamlValues.bool(value, name);
                        // ser2net has timeout at the connection level; the issue asked for it here too
                        case "timeout" -> timeout = YamlValues.uint(value, name);
                        case "remaddr" -> remaddr.addAll(RemoteAddresses.parse(value));
                        case "banner" -> banner = value;
                        case "openstr" -> openstr = value;
                        case "closestr" -> closestr = value;
                        case "signature" -> signature = value;
                        case "closeon" -> closeon = value;
                        case "keepalive-idle", "keepalive-interval", "keepalive-count", "tcp-user-timeout" ->
                                socket = socket.with(name, socketSeconds(name, value));
                        // only for telnet: a BREAK for a telnet sync; we do not send one (accepted, no effect)
                        case "telnet-brk-on-sync" -> YamlValues.bool(value, name);
                        // tuning of things we do differently (we never delay, buffers are sized by Netty, a
                        // failed open is retried by the next client): checked, then without effect
                        case "chardelay-scale", "chardelay-min", "chardelay-max", "dev-to-net-bufsize",
                             "net-to-dev-bufsize", "accepter-retry-time", "connector-retry-time" ->
                                YamlValues.uint(value, name);
                        default -> {
                            if (!Defaults.HARMLESS_WHEN_FALSE.contains(name) || YamlValues.bool(value, name)) {
                                throw new ConfigException("options", "unsupported option '" + name + "'");
                            }
                        }
                    }
                } catch (ConfigException e) {
                    if (e.key() != null && e.key().equals(name)) {
                        throw new ConfigException("options", name + ": " + e.getMessage());
                    }
                    throw e;
                }
            }
        }
        // ser2net clamps max-connections below 1 to 1
        return new ConnectionOptions(kick, Math.max(1, max), timeout, chardelay,
                trace.spec(), remaddr, banner, mdns.spec(),
                socket, new DeviceStrings(openstr, closestr, closeon), signature);
    }

    /** A keepalive option's seconds: at least 1, except tcp-user-timeout where 0 means the kernel's default. */
    static int socketSeconds(String name, String value) {
        int v = YamlValues.uint(value, name);
        if (v < 1 && !name.equals("tcp-user-timeout")) {
            throw new ConfigException(name, "must be at least 1 second, not " + v);
        }
        return v;
    }

    private static boolean enable(String value) {
        if (value.equalsIgnoreCase("on")) {
            return true;
        }
        if (value.equalsIgnoreCase("off")) {
            return false;
        }
        throw new ConfigException("enable", "must be 'on' or 'off', not '" + value + "'");
    }

    private static String once(String previous, String value, String key) {
        if (previous != null) {
            throw new ConfigException(key, "given more than once");
        }
        if (value.isBlank()) {
            throw new ConfigException(key, "empty");
        }
        return value;
    }

    /** Keys are matched case-insensitively, as ser2net does (strcasecmp). */
    static String key(NodeTuple entry) {
        return YamlValues.scalar(entry.getKeyNode(), null).toLowerCase(Locale.ROOT);
    }

    private String value(NodeTuple entry, String key) {
        return expand(entry.getValueNode(), key);
    }

    private String expand(Node node, String key) {
        return defines.expand(YamlValues.scalar(node, key), marker, key);
    }
}
