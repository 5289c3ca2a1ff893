package land.keen.ser2net.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String substitution: ser2net's defines ({@code *(name)} in version 1 files, {@code =(name)} in
 * version 2) and the caller's tokens (a snippet's {@code DEVNODE}). One instance is shared by a file
 * and everything it includes, because ser2net includes files "in context".
 */
final class Defines {

    private final Map<String, String> defines = new HashMap<>();
    private final Map<String, Pattern> tokens = new LinkedHashMap<>();
    private final Map<String, String> tokenValues = new LinkedHashMap<>();

    /** The caller's substitutions are also usable as defines, so {@code *(DEVNODE)} works too. */
    Defines(Map<String, String> substitutions) {
        substitutions.forEach((name, value) -> {
            defines.put(name, value);
            // a whole word only: DEVNODE must not touch DEVNODE2 or MYDEVNODE
            tokens.put(name, Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])"));
            tokenValues.put(name, value);
        });
    }

    void define(String name, String value) {
        defines.put(name, value);
    }

    /**
     * Expands {@code *(name)} (or {@code =(name)}) as ser2net's process_scalar does: a doubled marker
     * is one literal marker, {@code *(*} is a literal {@code *(}, and a marker before anything else
     * stays as written. {@code *{file}} (file contents) is refused: we read no secrets from files.
     */
    String expand(String text, char marker, String key) {
        if (text.indexOf(marker) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != marker || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == marker) {
                out.append(marker);
                i += 2;
            } else if (next == '(' || next == '{') {
                if (i + 2 < text.length() && text.charAt(i + 2) == marker) {
                    out.append(marker).append(next);
                    i += 3;
                    continue;
                }
                char close = next == '(' ? ')' : '}';
                int end = text.indexOf(close, i + 2);
                if (end < 0) {
                    throw new ConfigException(key, "missing '" + close + "' after '" + text.substring(i) + "'");
                }
                String name = text.substring(i + 2, end);
                if (next == '{') {
                    throw new ConfigException(key, "reading a file into a value (" + marker + "{" + name
                            + "}) is not supported");
                }
                String value = defines.get(name);
                if (value == null) {
                    throw new ConfigException(key, "unknown define '" + name + "'");
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(c).append(next);
                i += 2;
            }
        }
        return out.toString();
    }

    /** Replaces the caller's tokens (whole words) in accepter/connector strings. */
    String substituteTokens(String text) {
        String result = text;
        for (Map.Entry<String, Pattern> token : tokens.entrySet()) {
            result = token.getValue().matcher(result)
                    .replaceAll(Matcher.quoteReplacement(tokenValues.get(token.getKey())));
        }
        return result;
    }
}
