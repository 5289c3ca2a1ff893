package land.keen.ser2net.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.spec.ConnectionOptions;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import org.junit.jupiter.api.Test;

/** ser2net's own documentation examples, parsed as files (see the top of each resource for its origin). */
class RealFilesTest {

    private static final Path DIR = Path.of("src/test/resources/config");
    private final Ser2netConfigParser parser = new Ser2netConfigParser();

    @Test
    void manPageExamples() {
        Path file = DIR.resolve("ser2net-manpage-examples.yaml");
        ParsedConfig config = parser.parse(file, Map.of());

        assertThat(config.connections()).extracting(ConnectionSpec::name, c -> c.accepter().port(),
                        c -> c.device(), c -> c.line().baudRate(), c -> c.line().local())
                .containsExactly(
                        tuple("toS0tcp", 1234, "/dev/ttyS0", 9600, true),
                        tuple("toS0telnet", 1234, "/dev/ttyS0", 9600, true),
                        tuple("folded", 2001, "/dev/ttyUSB0", 9600, true),
                        tuple("quoted", 2002, "/dev/ttyUSB0", 9600, true));
        // "serialdev,/dev/ttyUSB0,\n 9600n81\n local nobreak\n rtscts" folds into one connector
        LineSettings folded = config.connections().get(2).line();
        assertThat(folded.nobreak()).isTrue();
        assertThat(folded.flowControl()).isEqualTo(FlowControl.RTSCTS);
        assertThat(folded.parity()).isEqualTo(Parity.NONE);
        assertThat(config.connections()).allSatisfy(c -> {
            assertThat(c.source()).isEqualTo(file.toString());
            assertThat(c.enabled()).isTrue();
            assertThat(c.accepter().host()).isNull();
        });
        assertThat(config.connections().get(1).accepter().telnet()).isEqualTo(AccepterSpec.Telnet.RFC2217);
        // the default for class ipmisol is accepted and ignored; the other examples need gensios we lack
        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(
                file + ": connection tomyhost: accepter: only tcp accepters are supported, not 'sctp'",
                file + ": connection authsol: accepter: only tcp accepters are supported, not 'sctp'");
    }

    @Test
    void sampleVersion1ReportsEachUnsupportedExampleByName() {
        Path file = DIR.resolve("ser2net-sample-v1.yaml");
        ParsedConfig config = parser.parse(file, Map.of());

        // con01 and con1 (telnet(rfc2217) over tcp; con1 disabled, with LEDs) parse; the others use sctp, echo or
        // ipmisol
        assertThat(config.connections()).extracting(ConnectionSpec::name).containsExactly("con01", "con1");
        assertThat(config.problems()).extracting(ConfigProblem::connection, ConfigProblem::key).containsExactly(
                tuple(null, "include"),
                tuple("con00", "trace-both"), // ser2net itself rejects this key outside options:
                tuple("con2", "accepter"),
                tuple("ipmicon1", "connector"),
                tuple(null, "rotator"),
                tuple("con3", "accepter"),
                tuple("con4", "accepter"),
                tuple("con5", "accepter"),
                tuple("con6", "connector"),
                tuple("rack-3-slot-5", "connector"),
                tuple("con7", "connector"));
        assertThat(config.problems().get(0).message()).isEqualTo("no file matches '/etc/ser2net/ser2net/*.yaml'");
        assertThat(config.problems().get(3).message()).contains("*{pwfile}");
        // the admin port and the LEDs are extras a file written for ser2net may have: one warning each, not an error
        assertThat(config.notes()).containsExactly(
                file + ": admin: ser2net's admin port is not provided here; ignored (/ports, /observe/health and"
                + " Hawtio show and control the bridges)",
                file + ": led: LEDs are not driven here; ignored (connections that name one are served without it)",
                file + ": connection con1: led-tx: LEDs are not driven here; ignored",
                file + ": connection con1: led-rx: LEDs are not driven here; ignored",
                file + ": connection con1: led-conn: LEDs are not driven here; ignored");
    }

    @Test
    void sampleVersion1WithPlainTcpUsesItsDefinesAndDefaults() throws IOException {
        // the same file with con01's and con1's telnet stack replaced by plain tcp: con01's connector
        // is folded over three lines; in con1 *(serUSB0) expands through *(serbase), "enable: off"
        // holds, and the defaults set between the two (115200n81, local) apply
        String text = Files.readString(DIR.resolve("ser2net-sample-v1.yaml"))
                .replace("accepter: telnet(rfc2217),tcp,2013", "accepter: tcp,2013")
                .replace("accepter: telnet(rfc2217),tcp,2002", "accepter: tcp,2002")
                .replace("    banner: *banner1\n    led-tx: *led1\n    led-rx: *led1\n    led-conn: *led2\n", "");
        ParsedConfig config = parser.parse(text, "v1.yaml", null, Map.of());

        assertThat(config.connections()).extracting(ConnectionSpec::name).containsExactly("con01", "con1");
        assertThat(config.connections().get(0)).satisfies(c -> {
            assertThat(c.accepter().port()).isEqualTo(2013);
            assertThat(c.device()).isEqualTo("/dev/serial/by-path/platform-3f980000.usb-usb-0:1.2:1.0-port0");
            assertThat(c.line().baudRate()).isEqualTo(9600);
            assertThat(c.line().local()).isTrue();
        });
        assertThat(config.connections().get(1)).satisfies(c -> {
            assertThat(c.enabled()).isFalse();
            assertThat(c.device()).isEqualTo("/dev/serial/by-path/pci-0000:00:1d.0-usb-0:1.8.2.4:1.0-port0");
            assertThat(c.line().baudRate()).isEqualTo(115200);
            assertThat(c.line().local()).isTrue();
            assertThat(c.options().timeoutSeconds()).isZero();
        });
    }

    @Test
    void sampleVersion2ReportsTheTelnetStack() {
        Path file = DIR.resolve("ser2net-sample-v2.yaml");
        ParsedConfig config = parser.parse(file, Map.of());

        assertThat(config.connections()).isEmpty();
        assertThat(config.problems()).extracting(ConfigProblem::connection, ConfigProblem::key).containsExactly(
                tuple("ttyUSB0", "accepter"), tuple("ttyUSB1", "accepter"), tuple("ttyS0", "accepter"),
                tuple("ttyS1", "accepter"), tuple("ttyS2", "accepter"), tuple("ttyS3", "accepter"),
                tuple(null, "rotators"));
        // its defaults (mdns: true, mdns-sysattrs: true) are ser2net's mdns options, which we serve
        assertThat(config.problems()).extracting(ConfigProblem::key).doesNotContain("defaults");
        assertThat(config.notes()).extracting(n -> n.substring(file.toString().length() + 2, n.indexOf(':',
                file.toString().length() + 2))).containsExactly("admins", "leds");
    }

    @Test
    void sampleVersion2WithPlainTcpAppliesDeleteDefaultsPerDocument() throws IOException {
        String text = Files.readString(DIR.resolve("ser2net-sample-v2.yaml"))
                .replace("telnet(rfc2217),mux,certauth(),ssl,tcp,", "tcp,");
        ParsedConfig config = parser.parse(text, "v2.yaml", null, Map.of());
        // the connections keep their banners and LED options: the LEDs are said once each and ignored
        assertThat(config.notes()).contains("v2.yaml: connection ttyUSB0: led-tx: LEDs are not driven here; ignored");

        // first document: "local" defaults to true for serialdev; the second deletes that default
        assertThat(config.connections()).extracting(ConnectionSpec::name, c -> c.accepter().port(),
                        c -> c.device(), c -> c.line().baudRate(), c -> c.line().local())
                .containsExactly(
                        tuple("ttyUSB0", 4001, "/dev/ttyUSB0", 19200, true),
                        tuple("ttyUSB1", 4002, "/dev/ttyUSB1", 115200, true),
                        tuple("ttyS0", 3001, "/dev/ttyUSB0", 9600, true),
                        tuple("ttyS1", 3002, "/dev/ttyS1", 9600, true),
                        tuple("ttyS2", 3003, "/dev/ttyS2", 9600, false),
                        tuple("ttyS3", 3004, "/dev/ttyS3", 9600, false));
    }

    @Test
    void mainFileIncludesSnippetsByGlobRelativeToItself() {
        Path file = DIR.resolve("main-with-include.yaml");
        ParsedConfig config = parser.parse(file, Map.of("DEVNODE", "/dev/ttyUSB0"));

        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name, ConnectionSpec::source)
                .containsExactly(
                        tuple("zigbee", DIR.resolve("snippets/zigbee.yaml").toString()),
                        tuple("zwave", DIR.resolve("snippets/zwave.yaml").toString()),
                        tuple("after", file.toString()));
        ConnectionSpec zigbee = config.connections().get(0);
        assertThat(zigbee.device()).isEqualTo("/dev/ttyUSB0");
        assertThat(zigbee.line().baudRate()).isEqualTo(115200);
        assertThat(zigbee.line().controlLines()).containsExactly(
                new ControlLine(ControlLine.Line.DTR, false), new ControlLine(ControlLine.Line.RTS, false));
        assertThat(zigbee.options().kickOldUser()).isTrue();
        ConnectionSpec zwave = config.connections().get(1);
        assertThat(zwave.service()).isEqualTo("zwave-js");
        assertThat(zwave.options()).isEqualTo(new ConnectionOptions(false, 2, 600, true));
        // the main file's default (57600n81) reaches the connection without a line spec
        assertThat(config.connections().get(2).line().baudRate()).isEqualTo(57600);
        assertThat(config.match()).containsExactly(Map.entry("vendor", "10c4"), Map.entry("product", "ea60"),
                Map.entry("serial", "0001"));
    }

    @Test
    void includeGlobCanReachIntoSubdirectories() {
        ParsedConfig config = parser.parse("include: snippets/*/*.yaml\n", "inline.yaml", DIR, Map.of());

        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("furnace");
            assertThat(c.accepter().host()).isEqualTo("127.0.0.1");
            assertThat(c.accepter().port()).isEqualTo(7001);
            assertThat(c.line().parity()).isEqualTo(Parity.EVEN);
            assertThat(c.line().dataBits()).isEqualTo(7);
        });
    }
}
