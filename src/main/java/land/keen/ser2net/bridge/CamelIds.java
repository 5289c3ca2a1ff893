package land.keen.ser2net.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Route ids and registry names made from a connection name. ser2net takes any YAML anchor as a connection name
 * ({@code &ünïcødé_串口}); users see that name as it is (logs, /ports, metrics), while Camel ids, JMX names and
 * property placeholders get a safe one: the name itself when it is {@code [A-Za-z0-9_.-]}, otherwise every other
 * character replaced by '-' plus a short hash of the real name, so two names that differ only in such characters
 * stay two bridges.
 */
public final class CamelIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]+");

    private CamelIds() {
    }

    /** {@code zigbee} for {@code zigbee}; {@code -n-c-d-_---3f2a9c01} for {@code ünïcødé_串口}. */
    public static String of(String connectionName) {
        if (SAFE.matcher(connectionName).matches()) {
            return connectionName;
        }
        return connectionName.replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + hash(connectionName);
    }

    /** Eight hex digits of the name's SHA-256: what keeps two names apart once their unsafe characters are replaced. */
    public static String hash(String raw) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
