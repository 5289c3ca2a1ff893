package land.keen.ser2net.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Walks the top level of the documents of one file, in order (order matters for defines and
 * defaults). Version 1 keys (define, default, connection...) may repeat in one document; version 2
 * keys (defines, defaults, connections...) hold maps. The version is fixed by the first versioned
 * key of the file and decides the define marker: {@code *(x)} in version 1, {@code =(x)} otherwise.
 */
final class DocumentWalker {

    private final ParseContext ctx;
    private final String source;
    private final Path baseDir;
    private final Consumer<Path> includer;
    private int version;
    private int connectionCount;

    /**
     * @param includer reads an included file into the same context
     */
    DocumentWalker(ParseContext ctx, String source, Path baseDir, Consumer<Path> includer) {
        this.ctx = ctx;
        this.source = source;
        this.baseDir = baseDir;
        this.includer = includer;
    }

    void walk(Node document) {
        if (document instanceof ScalarNode s && s.getValue().isEmpty()) {
            return; // an empty document ("---" followed by comments only)
        }
        if (!(document instanceof MappingNode top)) {
            ctx.problem(source, null, null, YamlValues.where(document) + ": the top level must be a mapping");
            return;
        }
        for (NodeTuple entry : top.getValue()) {
            String key = null;
            try {
                key = YamlValues.scalar(entry.getKeyNode(), null).toLowerCase(Locale.ROOT);
                entry(key, entry.getValueNode());
            } catch (ConfigException e) {
                ctx.problem(source, null, e.key() != null ? e.key() : key, e.getMessage());
            }
        }
    }

    private void entry(String key, Node value) {
        switch (key) {
            case "define" -> { version(1, key); define(value); }
            case "defines" -> { version(2, key); each(value, key, this::v2Define); }
            case "default" -> { version(1, key); v1Default(value); }
            case "defaults" -> { version(2, key); each(value, key, this::v2Default); }
            case "delete_default" -> { version(1, key); v1DeleteDefault(value); }
            case "delete_defaults" -> { version(2, key); each(value, key, this::v2DeleteDefault); }
            case "connection" -> { version(1, key); connection(YamlValues.anchor(value).orElse(null), value); }
            case "connections" -> {
                version(2, key);
                each(value, key, (name, node) -> connection(name, node));
            }
            case "include" -> include(YamlValues.scalar(value, key));
            case "match" -> match(value);
            // a file written for ser2net keeps serving its connections here: LEDs and the admin port are extras
            case "led", "leds" -> {
                versionByPlural(key);
                note(key + ": LEDs are not driven here; ignored (connections that name one are served without it)");
            }
            case "admin", "admins" -> {
                versionByPlural(key);
                note(key + ": ser2net's admin port is not provided here; ignored (/ports, /observe/health and Hawtio"
                     + " show and control the bridges)");
            }
            case "rotator", "rotators" -> {
                versionByPlural(key);
                throw new ConfigException(key, "not supported");
            }
            default -> throw new ConfigException(key, "unknown top-level key");
        }
    }

    /** A harmless oddity of this file, said once (in one WARN line) however often it occurs. */
    private void note(String text) {
        String line = source + ": " + text;
        if (!ctx.notes.contains(line)) {
            ctx.notes.add(line);
        }
    }

    /** ser2net's version 2 names its sections in the plural (leds:, admins:, rotators:), version 1 singular. */
    private void versionByPlural(String key) {
        version(key.endsWith("s") ? 2 : 1, key);
    }

    private void version(int wanted, String key) {
        if (version == 0) {
            version = wanted;
        } else if (version != wanted) {
            throw new ConfigException(key, "version " + wanted + " key in a version " + version
                    + " file (ser2net does not allow mixing them)");
        }
    }

    private char marker() {
        return version == 1 ? '*' : '=';
    }

    private String expand(Node node, String key) {
        return ctx.defines.expand(YamlValues.scalar(node, key), marker(), key);
    }

    /** Version 1: {@code define: &name text}; the anchor is the name. */
    private void define(Node value) {
        String name = YamlValues.anchor(value)
                .orElseThrow(() -> new ConfigException("define", "needs a name: define: &name text"));
        ctx.defines.define(name, expand(value, "define"));
    }

    private void v2Define(String name, Node value) {
        ctx.defines.define(name, expand(value, "defines"));
    }

    /** Version 1: {@code default: {name: N, value: V, class: C}}. */
    private void v1Default(Node node) {
        String name = null;
        String value = "";
        String clazz = null;
        for (NodeTuple field : mapping(node, "default").getValue()) {
            switch (ConnectionReader.key(field)) {
                case "name" -> name = expand(field.getValueNode(), "default");
                case "value" -> value = expand(field.getValueNode(), "default");
                case "class" -> clazz = expand(field.getValueNode(), "default");
                default -> throw new ConfigException("default", "unknown key '" + ConnectionReader.key(field) + "'");
            }
        }
        if (name == null) {
            throw new ConfigException("default", "needs a name");
        }
        setDefault(name, value, clazz, "default");
    }

    /** Version 2: {@code defaults: {N: {value: V, class: C}}}. */
    private void v2Default(String name, Node node) {
        String value = "";
        String clazz = null;
        for (NodeTuple field : mapping(node, "defaults").getValue()) {
            switch (ConnectionReader.key(field)) {
                case "value" -> value = expand(field.getValueNode(), "defaults");
                case "class" -> clazz = expand(field.getValueNode(), "defaults");
                default -> throw new ConfigException("defaults", "unknown key '" + ConnectionReader.key(field)
                        + "' in default '" + name + "'");
            }
        }
        setDefault(name, value, clazz, "defaults");
    }

    private void setDefault(String name, String value, String clazz, String key) {
        try {
            ctx.defaults.set(name, value, clazz);
        } catch (ConfigException e) {
            throw new ConfigException(key, name.equals(e.key()) && !e.getMessage().startsWith("default")
                    ? "default '" + name + "': " + e.getMessage() : e.getMessage());
        }
    }

    private void v1DeleteDefault(Node node) {
        String name = null;
        String clazz = null;
        for (NodeTuple field : mapping(node, "delete_default").getValue()) {
            switch (ConnectionReader.key(field)) {
                case "name" -> name = expand(field.getValueNode(), "delete_default");
                case "class" -> clazz = expand(field.getValueNode(), "delete_default");
                default -> throw new ConfigException("delete_default", "unknown key '"
                        + ConnectionReader.key(field) + "'");
            }
        }
        if (name == null || clazz == null) {
            throw new ConfigException("delete_default", "needs a name and a class (base defaults cannot be deleted)");
        }
        ctx.defaults.delete(name, clazz);
    }

    /** Version 2: {@code delete_defaults: {N: [class, ...]}}. */
    private void v2DeleteDefault(String name, Node classes) {
        if (!(classes instanceof SequenceNode list)) {
            throw new ConfigException("delete_defaults", "'" + name + "' needs a list of classes");
        }
        for (Node clazz : list.getValue()) {
            ctx.defaults.delete(name, expand(clazz, "delete_defaults"));
        }
    }

    private void connection(String declaredName, Node node) {
        connectionCount++;
        // any anchor is a name, as in ser2net; what needs a restricted id derives it (bridge.CamelIds)
        String name = declaredName;
        try {
            MappingNode mapping = mapping(node, "connection");
            ConnectionReader reader = new ConnectionReader(ctx.defines, ctx.defaults, marker(), this::note);
            if (name == null) {
                name = ConnectionNames.derive(reader, mapping, connectionCount);
            }
            ctx.add(reader.read(name, source, mapping));
        } catch (ConfigException e) {
            ctx.problem(source, name != null ? name : "connection-" + connectionCount, e.key(), e.getMessage());
        }
    }

    private void include(String pattern) {
        if (baseDir == null) {
            throw new ConfigException("include", "no base directory to resolve '" + pattern + "' against");
        }
        String expanded = ctx.defines.expand(pattern, marker(), "include");
        List<Path> files;
        try {
            files = Includes.resolve(expanded, baseDir);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("include", "cannot read '" + expanded + "': " + e.getMessage());
        }
        Path listed = baseDir.toAbsolutePath().resolve(expanded).normalize().getParent();
        if (listed != null && Includes.hasWildcard(expanded)) {
            // a new file matching the glob changes what this configuration is
            ctx.inputs.add(listed);
            List<Path> others = withoutIncludingFiles(files, expanded);
            if (others.isEmpty() && !files.isEmpty()) {
                return;
            }
            files = others;
        }
        if (files.isEmpty()) {
            throw new ConfigException("include", "no file matches '" + expanded + "'");
        }
        files.forEach(includer);
    }

    /** A glob such as {@code *.yaml} next to the including file matches that file too: harmless, skipped with a note. */
    private List<Path> withoutIncludingFiles(List<Path> files, String pattern) {
        List<Path> others = new java.util.ArrayList<>();
        for (Path f : files) {
            Path real;
            try {
                real = f.toRealPath();
            } catch (IOException e) {
                others.add(f);
                continue;
            }
            if (ctx.including.contains(real)) {
                ctx.notes.add(source + ": include: '" + pattern + "' also matches " + f.getFileName()
                              + ", which is being read already; skipped");
            } else {
                others.add(f);
            }
        }
        return others;
    }

    /** Our snippet extension: {@code match: {vendor: "0403", ...}}, kept as raw strings. */
    private void match(Node node) {
        for (NodeTuple field : mapping(node, "match").getValue()) {
            String name = YamlValues.scalar(field.getKeyNode(), "match");
            String value = YamlValues.scalar(field.getValueNode(), "match");
            String previous = ctx.match.putIfAbsent(name, value);
            if (previous != null && !previous.equals(value)) {
                ctx.problem(source, null, "match", "'" + name + "' given twice ('" + previous + "' and '"
                        + value + "'); keeping the first");
            }
        }
    }

    private static MappingNode mapping(Node node, String key) {
        return YamlValues.mapping(node, key).orElseGet(() -> new MappingNode(Tag.MAP, List.of(), FlowStyle.AUTO));
    }

    /** Calls back for each name → node of a version 2 map; one bad item does not stop the rest. */
    private void each(Node node, String key, BiConsumer<String, Node> item) {
        for (NodeTuple entry : mapping(node, key).getValue()) {
            try {
                item.accept(YamlValues.scalar(entry.getKeyNode(), key), entry.getValueNode());
            } catch (ConfigException e) {
                ctx.problem(source, null, e.key() != null ? e.key() : key, e.getMessage());
            }
        }
    }
}
