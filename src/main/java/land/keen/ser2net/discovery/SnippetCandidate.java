package land.keen.ser2net.discovery;

import java.util.Objects;

/**
 * A snippet as the matcher sees it: who it is, which devices it wants, which TCP port it listens on.
 *
 * @param id      the snippet's file name (ConfigMap key); used in messages and refusal keys
 * @param rule    from {@link MatchRule#of}; snippets whose rule failed to parse are not candidates
 * @param port    the TCP port of its accepter; two devices assigned the same port are refused
 * @param payload whatever the caller needs back (the parsed snippet); passed through untouched
 */
public record SnippetCandidate(String id, MatchRule rule, int port, Object payload) {

    public SnippetCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
    }
}
