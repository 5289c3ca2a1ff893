package land.keen.ser2net.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSMR P1 telegrams (Dutch, Belgian and Luxembourg smart meters), for YAML routes: checks a telegram's CRC and turns
 * its main values into JSON. A telegram runs from '/' to '!' followed by the CRC-16/ARC of everything from '/' to '!'
 * as four hex digits and CR LF (DSMR 4 and 5; older meters send no CRC).
 */
public class DsmrTelegrams {

    private static final Logger LOG = LoggerFactory.getLogger(DsmrTelegrams.class);

    /** One COSEM object line: OBIS reference then one or more (value) groups. */
    private static final Pattern LINE = Pattern.compile("^(\\d+-\\d+:\\d+\\.\\d+\\.\\d+)((?:\\([^)]*\\))+)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern GROUP = Pattern.compile("\\(([^)]*)\\)");

    /** The values published, by OBIS reference: JSON key, unit. */
    private static final Map<String, String[]> MAIN_VALUES = new LinkedHashMap<>();

    static {
        MAIN_VALUES.put("1-0:1.7.0", new String[] { "power_import_kw", "kW" });
        MAIN_VALUES.put("1-0:2.7.0", new String[] { "power_export_kw", "kW" });
        MAIN_VALUES.put("1-0:1.8.1", new String[] { "energy_import_tariff1_kwh", "kWh" });
        MAIN_VALUES.put("1-0:1.8.2", new String[] { "energy_import_tariff2_kwh", "kWh" });
        MAIN_VALUES.put("1-0:2.8.1", new String[] { "energy_export_tariff1_kwh", "kWh" });
        MAIN_VALUES.put("1-0:2.8.2", new String[] { "energy_export_tariff2_kwh", "kWh" });
    }

    private final AtomicLong rejected = new AtomicLong();
    private boolean requireCrc = true;

    /**
     * Null when the bytes are one whole telegram whose CRC matches; otherwise what is wrong with it, and the
     * telegram is counted as rejected.
     */
    public String problem(byte[] telegram) {
        String problem = findProblem(telegram);
        if (problem != null) {
            rejected.incrementAndGet();
        }
        return problem;
    }

    private String findProblem(byte[] t) {
        if (t == null || t.length == 0 || t[0] != '/') {
            return "does not start with /";
        }
        int bang = lastIndexOf(t, (byte) '!');
        if (bang < 0) {
            return "has no ! (cut short)";
        }
        String trailer = new String(t, bang + 1, t.length - bang - 1, StandardCharsets.US_ASCII).trim();
        if (trailer.isEmpty()) {
            return requireCrc ? "has no CRC (a DSMR 2/3 meter? set requireCrc=false)" : null;
        }
        if (!trailer.matches("[0-9A-Fa-f]{4}")) {
            return "has no valid CRC after ! ('" + trailer + "')";
        }
        int sent = Integer.parseInt(trailer, 16);
        int computed = Crc16.arc(t, 0, bang + 1);
        if (sent != computed) {
            return String.format("CRC mismatch: telegram says %04X, content gives %04X", sent, computed);
        }
        return null;
    }

    /** Telegrams rejected so far (bad CRC, cut short). */
    public long rejectedCount() {
        return rejected.get();
    }

    /**
     * The main values as JSON: power in/out (kW), energy per tariff (kWh), current tariff, gas (m3) and the times
     * of the readings, plus rejected_telegrams. Values the meter does not send are left out.
     */
    public String toJson(byte[] telegram) {
        String text = new String(telegram, StandardCharsets.US_ASCII);
        JsonObject json = new JsonObject();
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            String obis = line.group(1);
            List<String> values = new ArrayList<>();
            Matcher g = GROUP.matcher(line.group(2));
            while (g.find()) {
                values.add(g.group(1));
            }
            String[] main = MAIN_VALUES.get(obis);
            if (main != null) {
                putNumber(json, main[0], values.get(0));
            } else if (obis.equals("0-0:1.0.0")) {
                json.put("timestamp", timestamp(values.get(0)));
            } else if (obis.equals("0-0:96.14.0")) {
                putNumber(json, "tariff", values.get(0));
            } else if (obis.equals("0-0:96.1.1")) {
                json.put("equipment_id", hexText(values.get(0)));
            } else if (obis.matches("0-\\d+:24\\.2\\.[13]") && values.size() == 2 && values.get(1).endsWith("m3")
                       && !json.containsKey("gas_m3")) {
                // the first M-Bus channel that reports cubic metres: the gas meter (0-n:24.2.1, Belgium 24.2.3)
                json.put("gas_timestamp", timestamp(values.get(0)));
                putNumber(json, "gas_m3", values.get(1));
            }
        }
        json.put("rejected_telegrams", rejected.get());
        return json.toJson();
    }

    /**
     * Home Assistant MQTT discovery: one retained config message per sensor, as a list of {topic, payload} maps for
     * a YAML route to split and publish. The sensors read {@code stateTopic}'s JSON.
     */
    public List<Map<String, String>> homeAssistantDiscovery(String stateTopic, String nodeId, String prefix) {
        List<Map<String, String>> messages = new ArrayList<>();
        String[][] sensors = {
            { "power_import_kw", "Power import", "kW", "power", "measurement" },
            { "power_export_kw", "Power export", "kW", "power", "measurement" },
            { "energy_import_tariff1_kwh", "Energy import tariff 1", "kWh", "energy", "total_increasing" },
            { "energy_import_tariff2_kwh", "Energy import tariff 2", "kWh", "energy", "total_increasing" },
            { "energy_export_tariff1_kwh", "Energy export tariff 1", "kWh", "energy", "total_increasing" },
            { "energy_export_tariff2_kwh", "Energy export tariff 2", "kWh", "energy", "total_increasing" },
            { "gas_m3", "Gas", "m³", "gas", "total_increasing" },
        };
        for (String[] s : sensors) {
            JsonObject device = new JsonObject();
            device.put("identifiers", List.of(nodeId));
            device.put("name", "Smart meter " + nodeId);
            device.put("manufacturer", "DSMR P1 via ser2net-camel");
            JsonObject config = new JsonObject();
            config.put("name", s[1]);
            config.put("unique_id", nodeId + "_" + s[0]);
            config.put("state_topic", stateTopic);
            config.put("value_template", "{{ value_json." + s[0] + " }}");
            config.put("unit_of_measurement", s[2]);
            config.put("device_class", s[3]);
            config.put("state_class", s[4]);
            config.put("device", device);
            messages.add(Map.of("topic", prefix + "/sensor/" + nodeId + "/" + s[0] + "/config",
                    "payload", config.toJson()));
        }
        return messages;
    }

    private static void putNumber(JsonObject json, String key, String value) {
        String number = value.contains("*") ? value.substring(0, value.indexOf('*')) : value;
        try {
            json.put(key, new java.math.BigDecimal(number));
        } catch (NumberFormatException e) {
            LOG.debug("dsmr: {} is not a number: {}", key, value);
        }
    }

    /** YYMMDDhhmmssX, X = W (winter, CET) or S (summer, CEST), as ISO 8601 with the offset. */
    static String timestamp(String v) {
        if (!v.matches("\\d{12}[WS]")) {
            return v;
        }
        return "20" + v.substring(0, 2) + "-" + v.substring(2, 4) + "-" + v.substring(4, 6) + "T" + v.substring(6, 8)
               + ":" + v.substring(8, 10) + ":" + v.substring(10, 12) + (v.charAt(12) == 'S' ? "+02:00" : "+01:00");
    }

    /** Equipment ids are sent as the hex of their ASCII text. */
    private static String hexText(String hex) {
        if (!hex.matches("([0-9A-Fa-f]{2})+")) {
            return hex;
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static int lastIndexOf(byte[] b, byte v) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    public boolean isRequireCrc() {
        return requireCrc;
    }

    public void setRequireCrc(boolean requireCrc) {
        this.requireCrc = requireCrc;
    }
}
