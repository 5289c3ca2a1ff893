package land.keen.ser2net.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which devices a snippet is for.
 *
 * <p>A rule comes from the snippet's {@code match:} block when it has one, otherwise from the
 * file-name convention {@code vvvv:pppp.yaml}. Because Kubernetes ConfigMap keys cannot contain
 * {@code :}, {@code vvvv_pppp.yaml} is accepted as the same shorthand ({@code .yml} too); hex is
 * case-insensitive. When a {@code match:} block is present the file name is not consulted at all, so
 * renaming a file never changes what a snippet with a block matches.
 *
 * <p>Keys of the block:
 * <ul>
 *   <li>{@code vendor}, {@code product}: exactly four hex digits as sysfs prints {@code idVendor}
 *       ({@code "0403"}, not {@code 403}: a YAML parser that turned {@code 0403} into a number must
 *       not make us match a different vendor, so short values are an error, not padded);</li>
 *   <li>{@code serial}: the USB serial string, exact and case-sensitive;</li>
 *   <li>{@code interface}: {@code bInterfaceNumber}, one or two hex digits ({@code 1} means {@code 01});</li>
 *   <li>{@code port-path}: the USB device's sysfs name, e.g. {@code 1-1.4} (bus-port[.port...]);</li>
 *   <li>{@code product-name}: a glob over the product string, {@code *} and {@code ?},
 *       whole string, case-insensitive (people type "*sonoff*" for "SONOFF Zigbee 3.0 USB Dongle Plus").</li>
 * </ul>
 * All given criteria must hold. An empty block is an error: it would match every serial device.
 *
 * <p><b>Specificity.</b> Model-level criteria (vendor, product, product-name, interface) score 1
 * each; device-level criteria (serial, port-path) score 8 each, more than all model-level criteria
 * together. So any rule naming a serial or a port path beats any rule that names neither, and among
 * rules of the same kind the one with more criteria wins. Serial and port-path weigh the same: a
 * device matched by one snippet via its serial and by another via its port is ambiguous, because
 * the configuration contradicts itself and we will not guess which was meant.
 */
public final class MatchRule {

    static final int MODEL_WEIGHT = 1;
    static final int DEVICE_WEIGHT = 8;

    private static final Pattern HEX4 = Pattern.compile("[0-9a-fA-F]{4}");
    private static final Pattern HEX1_2 = Pattern.compile("[0-9a-fA-F]{1,2}");
    private static final Pattern PORT_PATH = Pattern.compile("[0-9]+-[0-9]+(\\.[0-9]+)*");
    private static final Pattern FILE_NAME =
            Pattern.compile("([0-9a-fA-F]{4})[:_]([0-9a-fA-F]{4})\\.ya?ml");
    private static final List<String> KEYS =
            List.of("vendor", "product", "serial", "interface", "port-path", "product-name");

    private final String vendor;
    private final String product;
    private final String serial;
    private final String interfaceNumber;
    private final String portPath;
    private final String productNameGlob;
    private final Pattern productName;

    private MatchRule(String vendor, String product, String serial, String interfaceNumber,
                      String portPath, String productNameGlob) {
        this.vendor = vendor;
        this.product = product;
        this.serial = serial;
        this.interfaceNumber = interfaceNumber;
        this.portPath = portPath;
        this.productNameGlob = productNameGlob;
        this.productName = productNameGlob == null ? null : globToPattern(productNameGlob);
    }

    /** Either a rule or a message saying why the snippet has none. */
    public static final class Result {
        private final MatchRule rule;
        private final String error;

        private Result(MatchRule rule, String error) {
            this.rule = rule;
            this.error = error;
        }

        public boolean ok() {
            return rule != null;
        }

        /** The rule; throws {@link IllegalStateException} carrying the error when there is none. */
        public MatchRule rule() {
            if (rule == null) {
                throw new IllegalStateException(error);
            }
            return rule;
        }

        /** Why there is no rule (names the file and, where there is one, the key); null when ok. */
        public String error() {
            return error;
        }

        @Override
        public String toString() {
            return ok() ? "ok " + rule : "error: " + error;
        }
    }

    /**
     * The rule for one snippet file.
     *
     * @param fileName   the snippet's file name (ConfigMap key), used in errors and for the shorthand
     * @param matchBlock the {@code match:} block as parsed, or null when the snippet has none
     */
    public static Result of(String fileName, Map<String, String> matchBlock) {
        if (matchBlock != null) {
            return fromBlock(fileName, matchBlock);
        }
        Matcher m = fileName == null ? null : FILE_NAME.matcher(fileName);
        if (m != null && m.matches()) {
            return new Result(new MatchRule(m.group(1).toLowerCase(Locale.ROOT),
                    m.group(2).toLowerCase(Locale.ROOT), null, null, null, null), null);
        }
        return new Result(null, fileName
                + ": no match: block and file name is not VVVV:PPPP.yaml (or VVVV_PPPP.yaml)");
    }

    private static Result fromBlock(String fileName, Map<String, String> block) {
        if (block.isEmpty()) {
            return new Result(null, fileName + ": match: block is empty; it would match every serial device");
        }
        // TreeMap: when several keys are wrong, report them in a stable order
        List<String> errors = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        sorted.putAll(block);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? null : e.getValue().strip();
            if (!KEYS.contains(key)) {
                errors.add("unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            } else if (value == null || value.isEmpty()) {
                errors.add("'" + key + "' has no value");
            } else if ((key.equals("vendor") || key.equals("product")) && !HEX4.matcher(value).matches()) {
                errors.add("'" + key + "' must be 4 hex digits as in sysfs id" + (key.equals("vendor")
                        ? "Vendor" : "Product") + ", e.g. \"0403\" (quote it in YAML), not '" + value + "'");
            } else if (key.equals("interface") && !HEX1_2.matcher(value).matches()) {
                errors.add("'interface' must be bInterfaceNumber in hex, e.g. \"01\", not '" + value + "'");
            } else if (key.equals("port-path") && !PORT_PATH.matcher(value).matches()) {
                errors.add("'port-path' must be a USB port path like 1-1.4, not '" + value + "'");
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, fileName + ": match: " + String.join("; ", errors));
        }
        String iface = block.get("interface");
        if (iface != null) {
            iface = iface.strip().toLowerCase(Locale.ROOT);
            iface = iface.length() == 1 ? "0" + iface : iface;
        }
        return new Result(new MatchRule(
                lower(block.get("vendor")),
                lower(block.get("product")),
                stripped(block.get("serial")),
                iface,
                stripped(block.get("port-path")),
                stripped(block.get("product-name"))), null);
    }

    /** Whether every criterion of this rule holds for the device. */
    public boolean matches(SerialDevice device) {
        return (vendor == null || vendor.equals(device.vendorId()))
                && (product == null || product.equals(device.productId()))
                && (serial == null || serial.equals(device.serial()))
                && (interfaceNumber == null || interfaceNumber.equals(device.interfaceNumber()))
                && (portPath == null || portPath.equals(device.portPath()))
                && (productName == null
                        || (device.product() != null && productName.matcher(device.product()).matches()));
    }

    /** Score described in the class comment: 1 per model-level criterion, 8 per device-level one. */
    public int specificity() {
        int score = 0;
        score += vendor == null ? 0 : MODEL_WEIGHT;
        score += product == null ? 0 : MODEL_WEIGHT;
        score += interfaceNumber == null ? 0 : MODEL_WEIGHT;
        score += productNameGlob == null ? 0 : MODEL_WEIGHT;
        score += serial == null ? 0 : DEVICE_WEIGHT;
        score += portPath == null ? 0 : DEVICE_WEIGHT;
        return score;
    }

    public String vendor() {
        return vendor;
    }

    public String product() {
        return product;
    }

    public String serial() {
        return serial;
    }

    public String interfaceNumber() {
        return interfaceNumber;
    }

    public String portPath() {
        return portPath;
    }

    public String productNameGlob() {
        return productNameGlob;
    }

    /** Our glob: only {@code *} and {@code ?} are special, everything else is literal. */
    private static Pattern globToPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    private static String stripped(String s) {
        return s == null ? null : s.strip();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MatchRule)) {
            return false;
        }
        MatchRule r = (MatchRule) o;
        return Objects.equals(vendor, r.vendor) && Objects.equals(product, r.product)
                && Objects.equals(serial, r.serial) && Objects.equals(interfaceNumber, r.interfaceNumber)
                && Objects.equals(portPath, r.portPath) && Objects.equals(productNameGlob, r.productNameGlob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, product, serial, interfaceNumber, portPath, productNameGlob);
    }

    /** The criteria in match-block form, e.g. {@code {vendor=10c4, product=ea60, serial=0001}}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        add(parts, "vendor", vendor);
        add(parts, "product", product);
        add(parts, "serial", serial);
        add(parts, "interface", interfaceNumber);
        add(parts, "port-path", portPath);
        add(parts, "product-name", productNameGlob);
        return "{" + String.join(", ", parts) + "}";
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null) {
            parts.add(key + "=" + value);
        }
    }
}
