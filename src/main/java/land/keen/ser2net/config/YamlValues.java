package land.keen.ser2net.config;

import java.util.Optional;

import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reading values the way ser2net does: ser2net sees libyaml's raw scalar text, never typed values, so
 * we read ScalarNode text and apply ser2net's and gensio's own rules (not YAML's boolean schema).
 */
final class YamlValues {

    private YamlValues() {
    }

    /** The raw text of a scalar value; a missing value ({@code key:}) is the empty string. */
    static String scalar(Node node, String key) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new ConfigException(key, "expected a single value, found a " + describe(node));
    }

    /** The node as a mapping; an empty value ({@code options:}) counts as an empty mapping. */
    static Optional<MappingNode> mapping(Node node, String key) {
        if (node instanceof MappingNode m) {
            return Optional.of(m);
        }
        if (node instanceof ScalarNode s && s.getValue().isEmpty()) {
            return Optional.empty();
        }
        throw new ConfigException(key, "expected a mapping, found a " + describe(node));
    }

    static String describe(Node node) {
        return switch (node.getNodeType()) {
            case MAPPING -> "mapping";
            case SEQUENCE -> "list";
            case SCALAR -> "value";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }

    static Optional<String> anchor(Node node) {
        return node.getAnchor().map(Anchor::getValue);
    }

    /** "line N" (1-based) where the node starts, for messages; empty when marks are off. */
    static String where(Node node) {
        return node.getStartMark().map(YamlValues::line).orElse("");
    }

    static String line(Mark mark) {
        return "line " + (mark.getLine() + 1);
    }

    /**
     * gensio's boolean words (gensio_pparm_bool): exactly true/false, 1/0, yes/no, on/off, lowercase.
     * ser2net passes connection options through the same check, so {@code kickolduser: True} is an
     * error there too.
     */
    static boolean bool(String value, String key) {
        switch (value) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new ConfigException(key, "'" + value + "' is not a boolean (true/false, yes/no, on/off, 1/0)");
        }
    }

    /** A non-negative decimal number that fits an int. */
    static int uint(String value, String key) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(key, "'" + value + "' is not a non-negative whole number");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value + "' is too large");
        }
    }
}
