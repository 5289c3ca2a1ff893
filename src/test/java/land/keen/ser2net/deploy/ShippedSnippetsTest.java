package land.keen.ser2net.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.MdnsSpec;
import land.keen.ser2net.config.ParsedConfig;
import land.keen.ser2net.config.Ser2netConfigParser;
import land.keen.ser2net.discovery.MatchOutcome;
import land.keen.ser2net.discovery.MatchRule;
import land.keen.ser2net.discovery.Refusal;
import land.keen.ser2net.discovery.SerialDevice;
import land.keen.ser2net.discovery.SnippetCandidate;
import land.keen.ser2net.discovery.SnippetMatcher;

/**
 * The snippets we ship, read by the app's own parser and matcher: each parses cleanly, carries a valid
 * match: block (so its ConfigMap key name does not matter), has the documented line settings, and a
 * node with one of each stick gets every stick served on its own port.
 */
class ShippedSnippetsTest {

    static final String DEVNODE = "/dev/ttyTEST0";

    /** file name -> parsed snippet */
    static final Map<String, ParsedConfig> parsed = new TreeMap<>();
    static final Map<String, String> texts = new TreeMap<>();

    @BeforeAll
    static void parseAll() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("snippets");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList()) {
                String name = f.getFileName().toString();
                parsed.put(name, new Ser2netConfigParser().parse(f, Map.of("DEVNODE", DEVNODE)));
                texts.put(name, Files.readString(f, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theDocumentedSnippetsAreShipped() {
        assertThat(parsed.keySet()).contains("10c4:ea60.yaml", "1a86:55d4.yaml", "1cf1:0030.yaml",
                "0658:0200.yaml", "husbzb-1-zwave.yaml", "husbzb-1-zigbee.yaml", "ftdi-generator.yaml",
                "zbdongle-p.yaml");
    }

    @Test
    void eachParsesToOneConnectionOnTheDeviceWithNoProblems() {
        parsed.forEach((name, config) -> {
            assertThat(config.problems()).as("problems in %s", name).isEmpty();
            assertThat(config.connections()).as("connections in %s", name).hasSize(1);
            ConnectionSpec c = config.connections().get(0);
            assertThat(c.enabled()).as("%s enabled", name).isTrue();
            assertThat(c.device()).as("%s uses DEVNODE", name).isEqualTo(DEVNODE);
            assertThat(c.line().local()).as("%s ignores modem lines (local)", name).isTrue();
        });
    }

    @Test
    void eachHasAMatchBlockNamingVendorAndProductSoItsKeyNameDoesNotMatter() {
        parsed.forEach((name, config) -> {
            assertThat(config.match()).as("match: block of %s", name).isNotEmpty();
            MatchRule.Result byFile = MatchRule.of(name, config.match());
            MatchRule.Result byKey = MatchRule.of(name.replace(':', '_'), config.match());
            assertThat(byFile.ok()).as("%s: %s", name, byFile.error()).isTrue();
            assertThat(byKey.rule()).isEqualTo(byFile.rule());
            assertThat(byFile.rule().vendor()).as("%s vendor", name).matches("[0-9a-f]{4}");
            assertThat(byFile.rule().product()).as("%s product", name).matches("[0-9a-f]{4}");
            Matcher m = Pattern.compile("([0-9a-f]{4}):([0-9a-f]{4})\\.yaml").matcher(name);
            if (m.matches()) {
                // the file name shorthand and the block agree
                assertThat(byFile.rule().vendor() + ":" + byFile.rule().product()).isEqualTo(m.group(1) + ":" + m.group(2));
            }
        });
    }

    @Test
    void hexIdsAreQuotedAndEachFileExplainsItself() {
        Pattern hexKey = Pattern.compile("(?m)^\\s*(vendor|product|interface):\\s*(.*)$");
        texts.forEach((name, text) -> {
            Matcher m = hexKey.matcher(text);
            int found = 0;
            while (m.find()) {
                found++;
                assertThat(m.group(2)).as("%s: %s must be quoted (YAML 1.1 reads 0403 as octal)", name, m.group(1))
                        .matches("\"[0-9a-fA-F]+\"(\\s*#.*)?");
            }
            assertThat(found).as("hex keys in %s", name).isGreaterThanOrEqualTo(2);
            long comments = text.lines().filter(l -> l.startsWith("#")).count();
            assertThat(comments).as("comment lines in %s", name).isGreaterThanOrEqualTo(5);
        });
    }

    @Test
    void portsAndConnectionNamesAreAllDistinct() {
        Map<Integer, String> ports = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        parsed.forEach((name, config) -> {
            ConnectionSpec c = config.connections().get(0);
            assertThat(ports.put(c.accepter().port(), name)).as("port %d of %s", c.accepter().port(), name).isNull();
            assertThat(names.put(c.name(), name)).as("connection name %s of %s", c.name(), name).isNull();
        });
    }

    @Test
    void lineSettingsAreTheDocumentedOnes() {
        // file -> port, baud
        Map<String, int[]> expected = Map.of(
                "10c4:ea60.yaml", new int[] {6638, 115200},
                "1a86:55d4.yaml", new int[] {6639, 115200},
                "0658:0200.yaml", new int[] {6640, 115200},
                "husbzb-1-zwave.yaml", new int[] {6641, 115200},
                "husbzb-1-zigbee.yaml", new int[] {6642, 57600},
                "1cf1:0030.yaml", new int[] {6643, 115200},
                "ftdi-generator.yaml", new int[] {6650, 9600},
                "zbdongle-p.yaml", new int[] {6644, 115200});
        expected.forEach((name, portBaud) -> {
            ConnectionSpec c = connection(name);
            assertThat(c.accepter().port()).as("%s port", name).isEqualTo(portBaud[0]);
            assertThat(c.line().baudRate()).as("%s baud", name).isEqualTo(portBaud[1]);
            assertThat(c.line().dataBits()).as("%s data bits", name).isEqualTo(8);
        });
        // CC2652 reset/bootloader lines: DTR off, then RTS off, in that order
        assertThat(connection("10c4:ea60.yaml").line().controlLines()).containsExactly(
                new ControlLine(ControlLine.Line.DTR, false), new ControlLine(ControlLine.Line.RTS, false));
        assertThat(connection("10c4:ea60.yaml").options().kickOldUser()).isTrue();
        assertThat(connection("zbdongle-p.yaml").line().controlLines()).containsExactly(
                new ControlLine(ControlLine.Line.DTR, false), new ControlLine(ControlLine.Line.RTS, false));
        assertThat(connection("1cf1:0030.yaml").line().nobreak()).as("ConBee II needs nobreak").isTrue();
        assertThat(rule("husbzb-1-zwave.yaml").interfaceNumber()).isEqualTo("00");
        assertThat(rule("husbzb-1-zigbee.yaml").interfaceNumber()).isEqualTo("01");
        assertThat(rule("ftdi-generator.yaml").serial()).isEqualTo("A105GKV2");
    }

    @Test
    void aNodeWithOneOfEachStickGetsEveryStickOnItsOwnPort() {
        SerialDevice zbdongleP = usb("ttyUSB0", "10c4", "ea60", "c0ffee01", "Sonoff Zigbee 3.0 USB Dongle Plus", "00", "1-1.1");
        SerialDevice zbdongleE = usb("ttyACM0", "1a86", "55d4", "20231115", "SONOFF Zigbee 3.0 USB Dongle Plus V2", "00", "1-1.2");
        SerialDevice conbee = usb("ttyACM1", "1cf1", "0030", "DE2651234", "ConBee II", "00", "1-1.3");
        SerialDevice gen5 = usb("ttyACM2", "0658", "0200", null, null, "00", "1-1.4");
        SerialDevice husbZwave = usb("ttyUSB1", "10c4", "8a2a", "C1300ABC", "HubZ Smart Home Controller", "00", "2-1");
        SerialDevice husbZigbee = usb("ttyUSB2", "10c4", "8a2a", "C1300ABC", "HubZ Smart Home Controller", "01", "2-1");
        SerialDevice generator = usb("ttyUSB3", "0403", "6001", "A105GKV2", "FT232R USB UART", "00", "2-2");
        SerialDevice furnace = usb("ttyUSB4", "0403", "6001", "A9XYZ123", "FT232R USB UART", "00", "2-3");

        MatchOutcome outcome = SnippetMatcher.match(candidates(),
                List.of(zbdongleP, zbdongleE, conbee, gen5, husbZwave, husbZigbee, generator, furnace));

        assertThat(outcome.refusals()).isEmpty();
        Map<String, String> servedBy = new TreeMap<>();
        outcome.assignmentMap().forEach((device, snippet) -> servedBy.put(device.tty(), snippet.id()));
        assertThat(servedBy).isEqualTo(Map.of(
                "ttyUSB0", "zbdongle-p.yaml",
                "ttyACM0", "1a86:55d4.yaml",
                "ttyACM1", "1cf1:0030.yaml",
                "ttyACM2", "0658:0200.yaml",
                "ttyUSB1", "husbzb-1-zwave.yaml",
                "ttyUSB2", "husbzb-1-zigbee.yaml",
                "ttyUSB3", "ftdi-generator.yaml"));
        // the other FTDI adapter is left alone: the example matches one serial only
        assertThat(outcome.unmatched()).containsExactly(furnace);
    }

    @Test
    void aZbdonglePAndAZstick7ShareTheirIdButNotTheirPort() {
        SerialDevice zbdongleP = usb("ttyUSB0", "10c4", "ea60", "c0ffee01", "Sonoff Zigbee 3.0 USB Dongle Plus", "00", "1-1.1");
        SerialDevice zstick7 = usb("ttyUSB1", "10c4", "ea60", "0001", "CP2102N USB to UART Bridge Controller", "00", "1-1.2");
        MatchOutcome outcome = SnippetMatcher.match(candidates(), List.of(zbdongleP, zstick7));
        assertThat(outcome.refusals()).isEmpty();
        assertThat(outcome.assignmentMap().get(zbdongleP).id()).isEqualTo("zbdongle-p.yaml");
        assertThat(outcome.assignmentMap().get(zstick7).id()).isEqualTo("10c4:ea60.yaml");
    }

    @Test
    void twoSticksOfOneModelAreRefusedNotGuessed() {
        // a SkyConnect (Zigbee) and an Aeotec Z-Stick 7 (Z-Wave) share 10c4:ea60, as the snippet warns
        SerialDevice zigbee = usb("ttyUSB0", "10c4", "ea60", "c0ffee01", "SkyConnect v1.0", "00", "1-1.1");
        SerialDevice zwave = usb("ttyUSB1", "10c4", "ea60", "0001", "CP2102N USB to UART Bridge Controller", "00", "1-1.2");
        MatchOutcome outcome = SnippetMatcher.match(candidates(), List.of(zigbee, zwave));
        assertThat(outcome.assignments()).isEmpty();
        assertThat(outcome.refusals()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Refusal.Kind.PORT_CONFLICT);
            assertThat(r.port()).isEqualTo(6638);
            assertThat(r.devices()).containsExactlyInAnyOrder(zigbee, zwave);
        });
    }

    @Test
    void zigbeeSticksAdvertiseAsCoordinatorsWithTheirRadioAndTheOthersWithSer2netsType() {
        // what Home Assistant's ZHA and zigbee2mqtt's herdsman read: type, radio_type, serial_number
        Map<String, String> radios = Map.of("1a86:55d4.yaml", "ezsp", "husbzb-1-zigbee.yaml", "ezsp",
                "1cf1:0030.yaml", "deconz", "zbdongle-p.yaml", "znp");
        parsed.forEach((name, config) -> {
            MdnsSpec mdns = connection(name).options().mdns();
            assertThat(mdns.enabled()).as("%s advertises", name).isTrue();
            if (radios.containsKey(name)) {
                assertThat(mdns.effectiveType()).as("%s type", name).isEqualTo("_zigbee-coordinator._tcp");
                assertThat(mdns.txt()).as("%s TXT", name)
                        .containsExactly("radio_type=" + radios.get(name), "serial_number=DEVSERIAL");
            } else {
                // Z-Wave, RS485, and the CP210x id that is Zigbee or Z-Wave: no radio_type to send a gateway wrong
                assertThat(mdns.effectiveType()).as("%s type", name).isEqualTo("_iostream._tcp");
                assertThat(mdns.sysattrs()).as("%s USB attributes", name).isTrue();
            }
        });
    }

    // ---- helpers ----

    static ConnectionSpec connection(String file) {
        assertThat(parsed).containsKey(file);
        return parsed.get(file).connections().get(0);
    }

    static MatchRule rule(String file) {
        return MatchRule.of(file, parsed.get(file).match()).rule();
    }

    static List<SnippetCandidate> candidates() {
        List<SnippetCandidate> list = new ArrayList<>();
        parsed.forEach((name, config) ->
                list.add(new SnippetCandidate(name, rule(name), connection(name).accepter().port(), config)));
        return list;
    }

    static SerialDevice usb(String tty, String vendor, String product, String serial, String productName,
                            String iface, String portPath) {
        return new SerialDevice(tty, Path.of("/dev", tty), vendor, product, serial, null, productName, iface, null,
                portPath);
    }
}
