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
import land.keen.ser2net.spec.StopBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syntax coverage: version 1 and 2, defines, defaults, documents, names. Errors are in ProblemsTest. */
class Ser2netConfigParserTest {

    static final Map<String, String> DEVNODE = Map.of("DEVNODE", "/dev/ttyUSB0");
    private final Ser2netConfigParser parser = new Ser2netConfigParser();

    private ParsedConfig parse(String yaml) {
        return parser.parse(yaml, "test.yaml", null, DEVNODE);
    }

    @Test
    void seedSnippet() {
        ParsedConfig config = parse("""
                # zigbee
                connection: &zigbee
                  accepter: tcp,6639
                  connector: serialdev,DEVNODE,115200n81,local,dtr=off,rts=off
                  options:
                    kickolduser: true
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.match()).isEmpty();
        assertThat(config.connections()).containsExactly(new ConnectionSpec("zigbee", "test.yaml", true,
                new AccepterSpec("tcp,6639", null, 6639), "/dev/ttyUSB0",
                new LineSettings(115200, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE,
                        java.util.List.of(new ControlLine(ControlLine.Line.DTR, false),
                                new ControlLine(ControlLine.Line.RTS, false)), true, false, false),
                new ConnectionOptions(true, 1, 0, true), null));
    }

    @Test
    void version1RepeatedConnectionKeysDefinesAndAliases() {
        ParsedConfig config = parse("""
                define: &base /dev/serial/by-id/usb-ITead
                define: &speed 115200n81
                connection: &a
                  accepter: tcp,7001
                  connector: serialdev,*(base)-if00,*(speed)
                connection: &b
                  accepter: tcp,7002
                  connector: "serialdev,*(base)-if01,*(speed) local"
                connection: &c
                  accepter: tcp,7003
                  connector: *base
                """);
        // *base as a whole value is a YAML alias: "/dev/serial/by-id/usb-ITead" is no connector
        assertThat(config.connections()).extracting(ConnectionSpec::name, c -> c.device(),
                        c -> c.line().baudRate(), c -> c.line().local())
                .containsExactly(tuple("a", "/dev/serial/by-id/usb-ITead-if00", 115200, false),
                        tuple("b", "/dev/serial/by-id/usb-ITead-if01", 115200, true));
        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(
                "test.yaml: connection c: connector: only serialdev connectors are supported, not '/dev/serial/by-id/usb-ITead'");
    }

    @Test
    void version2DefinesConnectionsAndEnable() {
        ParsedConfig config = parse("""
                %YAML 1.1
                ---
                defines:
                  stick: /dev/ttyACM0
                  lan: 192.168.1.10
                connections:
                  ember:
                    accepter: tcp,=(lan),6638
                    connector: serialdev,=(stick),115200n81,rtscts
                    timeout: 300
                  spare:
                    accepter: tcp,[::1],6650
                    connector: serialdev,*(stick),9600
                    enable: off
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name, ConnectionSpec::enabled,
                        c -> c.accepter().host(), c -> c.accepter().port(), c -> c.device(),
                        c -> c.line().flowControl(), c -> c.options().timeoutSeconds())
                .containsExactly(
                        tuple("ember", true, "192.168.1.10", 6638, "/dev/ttyACM0", FlowControl.RTSCTS, 300),
                        // in version 2 "*(" is plain text
                        tuple("spare", false, "::1", 6650, "*(stick)", FlowControl.NONE, 0));
    }

    @Test
    void namesAreDerivedWhenMissingAndKeptAsWrittenOtherwise() {
        ParsedConfig config = parse("""
                connection:
                  accepter: tcp,6639
                  connector: serialdev,DEVNODE
                connection:
                  accepter: tcp,[fe80::1],6640
                  connector: serialdev,DEVNODE
                connection: &zig:bee
                  accepter: tcp,6641
                  connector: serialdev,DEVNODE
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name)
                .containsExactly("tcp-6639", "tcp-fe80--1-6640", "zig:bee");

        ParsedConfig v2 = parse("""
                connections:
                  "my zigbee/1":
                    accepter: tcp,6642
                    connector: serialdev,DEVNODE
                """);
        assertThat(v2.connections()).extracting(ConnectionSpec::name).containsExactly("my zigbee/1");
    }

    @Test
    void severalDocumentsShareDefinesAndKeepOrder() {
        ParsedConfig config = parse("""
                define: &dev /dev/ttyS0
                connection: &one
                  accepter: tcp,2001
                  connector: serialdev,*(dev)
                ---
                connection: &two
                  accepter: tcp,2002
                  connector: serialdev,*(dev),19200
                ---
                # only comments in this one
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name, c -> c.device(), c -> c.line().baudRate())
                .containsExactly(tuple("one", "/dev/ttyS0", 9600), tuple("two", "/dev/ttyS0", 19200));
    }

    @Test
    void defaultsApplyOnlyToConnectionsAfterThem() {
        ParsedConfig config = parse("""
                connection: &before
                  accepter: tcp,2001
                  connector: serialdev,/dev/ttyS0
                default:
                  name: speed
                  value: 115200n81
                default:
                  name: kickolduser
                  value: true
                default:
                  name: max-connections
                  value: 3
                  class: ser2net
                default:
                  name: chardelay
                  value: false
                connection: &after
                  accepter: tcp,2002
                  connector: serialdev,/dev/ttyS1
                default:
                  name: speed
                  value: 19200e71
                  class: serialdev
                connection: &classwins
                  accepter: tcp,2003
                  connector: serialdev,/dev/ttyS2
                  options:
                    max-connections: 2
                delete_default:
                  name: speed
                  class: serialdev
                connection: &baseagain
                  accepter: tcp,2004
                  connector: serialdev,/dev/ttyS3
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name, c -> c.line().baudRate(),
                        c -> c.line().parity(), ConnectionSpec::options)
                .containsExactly(
                        tuple("before", 9600, Parity.NONE, new ConnectionOptions(false, 1, 0, true)),
                        tuple("after", 115200, Parity.NONE, new ConnectionOptions(true, 3, 0, false)),
                        tuple("classwins", 19200, Parity.EVEN, new ConnectionOptions(true, 2, 0, false)),
                        tuple("baseagain", 115200, Parity.NONE, new ConnectionOptions(true, 3, 0, false)));
    }

    @Test
    void version2DefaultsAndDeleteDefaults() {
        ParsedConfig config = parse("""
                defaults:
                  local:
                    value: true
                    class: serialdev
                  speed:
                    value: 57600
                  telnet-brk-on-sync:
                    value: false
                connections:
                  a:
                    accepter: tcp,2001
                    connector: serialdev,/dev/ttyS0
                ---
                delete_defaults:
                  local: [serialdev]
                connections:
                  b:
                    accepter: tcp,2002
                    connector: serialdev,/dev/ttyS1
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name, c -> c.line().baudRate(), c -> c.line().local())
                .containsExactly(tuple("a", 57600, true), tuple("b", 57600, false));
    }

    @Test
    void optionsBooleansAndConnectionLevelTimeout() {
        ParsedConfig config = parse("""
                connection: &a
                  accepter: tcp,2001
                  connector: serialdev,/dev/ttyS0
                  timeout: 30
                  enable: ON
                  options:
                    kickolduser: yes
                    chardelay: off
                    max-connections: 0
                    telnet-brk-on-sync: false
                    mdns: no
                """);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).singleElement().satisfies(c -> {
            assertThat(c.enabled()).isTrue();
            // ser2net raises max-connections below 1 to 1
            assertThat(c.options()).isEqualTo(new ConnectionOptions(true, 1, 30, false));
        });
    }

    @Test
    void matchBlockAndServiceAreOurExtensions() {
        ParsedConfig config = parse("""
                match: {vendor: "0403", product: "6001", serial: A105GKV2, interface: 00}
                connection: &furnace
                  accepter: tcp,4001
                  connector: serialdev,DEVNODE,9600n81
                  service: furnace-rs485
                """);
        assertThat(config.problems()).isEmpty();
        // raw strings: 00 stays "00", not a number
        assertThat(config.match()).containsExactly(Map.entry("vendor", "0403"), Map.entry("product", "6001"),
                Map.entry("serial", "A105GKV2"), Map.entry("interface", "00"));
        assertThat(config.connections().get(0).service()).isEqualTo("furnace-rs485");
    }

    @Test
    void fileParseResolvesIncludesAgainstTheFileAndNamesSources(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/b.yaml"), "connection: &b\n  accepter: tcp,2\n  connector: serialdev,*(dev)\n");
        Files.writeString(dir.resolve("conf.d/a.yaml"), "connection: &a\n  accepter: tcp,1\n  connector: serialdev,DEVNODE\n");
        Files.writeString(dir.resolve("conf.d/c.yml"), "connection: &c\n  accepter: tcp,3\n  connector: serialdev,x\n");
        Path main = dir.resolve("ser2net.yaml");
        // the define made before the include is visible inside the included files
        Files.writeString(main, "define: &dev /dev/ttyS9\ninclude: conf.d/*.yaml\n");

        ParsedConfig config = parser.parse(main, DEVNODE);

        assertThat(config.problems()).isEmpty();
        assertThat(config.connections()).extracting(ConnectionSpec::name, ConnectionSpec::source, c -> c.device())
                .containsExactly(tuple("a", dir.resolve("conf.d/a.yaml").toString(), "/dev/ttyUSB0"),
                        tuple("b", dir.resolve("conf.d/b.yaml").toString(), "/dev/ttyS9"));
    }

    @Test
    void ser2netTuningOptionsWeDoNotNeedAreAcceptedAndCheckedForNumbers() {
        ParsedConfig ok = parser.parse("""
                connection: &tuned
                  accepter: tcp,2000
                  connector: serialdev,/dev/ttyUSB0,115200n81,local
                  options:
                    chardelay-scale: 20
                    chardelay-max: 20000
                    dev-to-net-bufsize: 4096
                    accepter-retry-time: 10
                """, "tuned.yaml", null, java.util.Map.of());
        org.assertj.core.api.Assertions.assertThat(ok.problems()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(ok.connections()).hasSize(1);
        ParsedConfig bad = parser.parse("""
                connection: &tuned
                  accepter: tcp,2000
                  connector: serialdev,/dev/ttyUSB0,115200n81,local
                  options:
                    chardelay-max: lots
                """, "tuned.yaml", null, java.util.Map.of());
        org.assertj.core.api.Assertions.assertThat(bad.problems()).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(bad.problems().get(0).toString()).contains("chardelay-max");
    }
}
