package land.keen.ser2net.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import land.keen.ser2net.spec.ConnectionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every user mistake becomes one problem line naming file, connection and key; the bad connection is
 * skipped and a good one next to it still parses.
 */
class ProblemsTest {

    private final Ser2netConfigParser parser = new Ser2netConfigParser();

    /** A bad connection between two good ones. */
    private ParsedConfig parseBetweenGoodOnes(String badConnectionBody) {
        String yaml = "connection: &good1\n  accepter: tcp,1001\n  connector: serialdev,DEVNODE\n"
                + "connection: &zigbee\n" + badConnectionBody.indent(2)
                + "connection: &good2\n  accepter: tcp,1002\n  connector: serialdev,DEVNODE\n";
        return parser.parse(yaml, "snippets/foo.yaml", null, Map.of("DEVNODE", "/dev/ttyUSB0"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE,115200n81,foo          | connector: unsupported line option 'foo'",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE,115200x81              | connector: unknown parity in '115200x81' (use n, e, o, m or s)",
        "accepter: tcp,6639\\nconnector: tcp,otherhost,6639                       | connector: only serialdev connectors are supported, not 'tcp'",
        "accepter: mux,tcp,6639\\nconnector: serialdev,DEVNODE                    | accepter: gensio layer 'mux' is not supported yet (supported: telnet, telnet(rfc2217), ssl(key=…,cert=…))",
        "accepter: ssl(cert=/c),tcp,6639\\nconnector: serialdev,DEVNODE            | accepter: ssl needs key=FILE and cert=FILE",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions:\\n  remaddr: '!10.0.0.1,0' | options: remaddr: connect-back address '!10.0.0.1,0' is not supported yet",
        "accepter: tcp,99999\\nconnector: serialdev,DEVNODE                        | accepter: port 99999 is out of range (1-65535)",
        "accepter: tcp,999.1.1.1,7000\\nconnector: serialdev,DEVNODE               | accepter: '999.1.1.1' is not an IPv4 address ('999' is not a number 0-255)",
        "connector: serialdev,DEVNODE                                              | accepter: missing (every connection needs one)",
        "accepter: tcp,6639                                                        | connector: missing (every connection needs one)",
        "accepter: tcp,6639\\naccepter: tcp,6640\\nconnector: serialdev,DEVNODE     | accepter: given more than once",
        "accepter: ''\\nconnector: serialdev,DEVNODE                               | accepter: empty",
        "accepter: [tcp, 6639]\\nconnector: serialdev,DEVNODE                      | accepter: expected a single value, found a list",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\nbanner: hi             | banner: unknown connection key",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\nenable: false         | enable: must be 'on' or 'off', not 'false'",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\ntimeout: soon         | timeout: 'soon' is not a non-negative whole number",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\ntimeout: -1           | timeout: '-1' is not a non-negative whole number",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: [a]          | options: expected a mapping, found a list",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: {sendon: hi} | options: unsupported option 'sendon'",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: {telnet-brk-on-sync: maybe} | options: telnet-brk-on-sync: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0)",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: {kickolduser: True} | options: kickolduser: 'True' is not a boolean (true/false, yes/no, on/off, 1/0)",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: {max-connections: many} | options: max-connections: 'many' is not a non-negative whole number",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: {timeout: 1.5} | options: timeout: '1.5' is not a non-negative whole number",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\noptions: {chardelay: maybe} | options: chardelay: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0)",
        "accepter: tcp,6639\\nconnector: serialdev,*(nodefine)                     | connector: unknown define 'nodefine'",
        "accepter: tcp,6639\\nconnector: serialdev,DEVNODE\\nservice: {a: b}       | service: expected a single value, found a mapping",
    })
    void badConnectionIsSkippedAndNamed(String body, String expected) {
        ParsedConfig config = parseBetweenGoodOnes(body.replace("\\n", "\n"));

        assertThat(config.problems()).extracting(ConfigProblem::toString)
                .containsExactly("snippets/foo.yaml: connection zigbee: " + expected);
        assertThat(config.problems().get(0).file()).isEqualTo("snippets/foo.yaml");
        assertThat(config.problems().get(0).connection()).isEqualTo("zigbee");
        assertThat(config.connections()).extracting(ConnectionSpec::name).containsExactly("good1", "good2");
    }

    @Test
    void connectionThatIsNotAMapping() {
        ParsedConfig config = parseBetweenGoodOnes("tcp,6639");
        assertThat(config.problems()).extracting(ConfigProblem::toString)
                .containsExactly("snippets/foo.yaml: connection zigbee: connection: expected a mapping, found a value");
        assertThat(config.connections()).hasSize(2);
    }

    @Test
    void anchorlessBadConnectionIsNamedByPortOrPosition() {
        ParsedConfig config = parser.parse("""
                connection:
                  accepter: tcp,6639
                  connector: serialdev,/dev/ttyS0,fast
                connection:
                  accepter: sctp,6640
                  connector: serialdev,/dev/ttyS0
                """, "x.yaml", null, Map.of());
        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(
                "x.yaml: connection tcp-6639: connector: unsupported line option 'fast'",
                "x.yaml: connection connection-2: accepter: only tcp accepters are supported, not 'sctp'");
    }

    @Test
    void duplicateNameKeepsTheFirst() {
        ParsedConfig config = parser.parse("""
                connection: &zigbee
                  accepter: tcp,6639
                  connector: serialdev,/dev/ttyUSB0
                connection: &zigbee
                  accepter: tcp,6640
                  connector: serialdev,/dev/ttyUSB1
                """, "x.yaml", null, Map.of());
        assertThat(config.connections()).singleElement().extracting(c -> c.accepter().port()).isEqualTo(6639);
        assertThat(config.problems()).extracting(ConfigProblem::toString)
                .containsExactly("x.yaml: connection zigbee: duplicate connection name (already defined in x.yaml)");
    }

    @Test
    void fileLevelProblemsNameTheKeyAndLeaveTheRestAlone() {
        ParsedConfig config = parser.parse("""
                define: no anchor here
                default:
                  name: banner
                  value: hello
                default:
                  name: speed
                  value: fast
                default:
                  value: 9600
                delete_default:
                  name: speed
                rotator: &r
                  accepter: tcp,3000
                  connections: [a]
                bogus: 1
                match: [a, b]
                include: more/*.yaml
                defines:
                  x: y
                connection: &ok
                  accepter: tcp,3001
                  connector: serialdev,/dev/ttyS0
                """, "x.yaml", null, Map.of());
        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(
                "x.yaml: define: needs a name: define: &name text",
                "x.yaml: default: default 'banner' is not supported",
                "x.yaml: default: default 'speed': invalid speed 'fast'",
                "x.yaml: default: needs a name",
                "x.yaml: delete_default: needs a name and a class (base defaults cannot be deleted)",
                "x.yaml: rotator: not supported",
                "x.yaml: bogus: unknown top-level key",
                "x.yaml: match: expected a mapping, found a list",
                "x.yaml: include: no base directory to resolve 'more/*.yaml' against",
                "x.yaml: defines: version 2 key in a version 1 file (ser2net does not allow mixing them)");
        assertThat(config.connections()).extracting(ConnectionSpec::name).containsExactly("ok");
    }

    @Test
    void conflictingMatchValuesKeepTheFirst() {
        ParsedConfig config = parser.parse("match: {vendor: '0403'}\n---\nmatch: {vendor: '10c4', product: ea60}\n",
                "x.yaml", null, Map.of());
        assertThat(config.match()).containsExactly(Map.entry("vendor", "0403"), Map.entry("product", "ea60"));
        assertThat(config.problems()).extracting(ConfigProblem::toString)
                .containsExactly("x.yaml: match: 'vendor' given twice ('0403' and '10c4'); keeping the first");
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLineAndKeepsEarlierDocuments() {
        ParsedConfig config = parser.parse("""
                connection: &first
                  accepter: tcp,2001
                  connector: serialdev,/dev/ttyS0
                ---
                connection: &second
                  accepter: tcp,2002
                   connector: serialdev,/dev/ttyS1
                """, "broken.yaml", null, Map.of());
        assertThat(config.connections()).extracting(ConnectionSpec::name).containsExactly("first");
        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("broken.yaml");
            assertThat(p.connection()).isNull();
            assertThat(p.toString()).startsWith("broken.yaml: line 7: ");
            assertThat(p.toString()).doesNotContain("\n");
        });
    }

    @Test
    void undefinedAliasIsASyntaxProblem() {
        ParsedConfig config = parser.parse("connection: &a\n  accepter: *nothing\n", "x.yaml", null, Map.of());
        assertThat(config.connections()).isEmpty();
        assertThat(config.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("x.yaml: line 2: ").contains("nothing");
    }

    @Test
    void topLevelMustBeAMapping() {
        ParsedConfig config = parser.parse("- a\n- b\n", "x.yaml", null, Map.of());
        assertThat(config.problems()).extracting(ConfigProblem::toString)
                .containsExactly("x.yaml: line 1: the top level must be a mapping");
    }

    @Test
    void missingUnreadableAndNonUtf8Files(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.yaml");
        assertThat(parser.parse(missing, Map.of()).problems()).extracting(ConfigProblem::toString)
                .containsExactly(missing + ": cannot read: no such file");

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});
        assertThat(parser.parse(latin1, Map.of()).problems()).extracting(ConfigProblem::toString)
                .containsExactly(latin1 + ": not valid UTF-8");
    }

    @Test
    void includeProblems(@TempDir Path dir) throws IOException {
        Path main = dir.resolve("main.yaml");
        Path loop = dir.resolve("loop.yaml");
        Files.writeString(main, "include: nothing-*.yaml\n---\ninclude: loop.yaml\n---\n"
                + "connection: &ok\n  accepter: tcp,1\n  connector: serialdev,/dev/ttyS0\n");
        Files.writeString(loop, "include: main.yaml\n");

        ParsedConfig config = parser.parse(main, Map.of());

        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(
                main + ": include: no file matches 'nothing-*.yaml'",
                dir.resolve("main.yaml") + ": include: include cycle: the file includes itself");
        assertThat(config.connections()).extracting(ConnectionSpec::name).containsExactly("ok");
    }
}
