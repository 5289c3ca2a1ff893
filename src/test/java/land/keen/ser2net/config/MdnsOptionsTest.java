package land.keen.ser2net.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import land.keen.ser2net.spec.MdnsSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ser2net's mdns* options as ser2net.yaml(5) gives them: per connection and as default:. */
class MdnsOptionsTest {

    private final Ser2netConfigParser parser = new Ser2netConfigParser();

    private ParsedConfig parse(String yaml) {
        return parser.parse(yaml, "ser2net.yaml", null, Map.of("DEVNODE", "/dev/ttyUSB0"));
    }

    private MdnsSpec mdns(ParsedConfig config, int i) {
        assertThat(config.problems()).isEmpty();
        return config.connections().get(i).options().mdns();
    }

    @Test
    void everyOptionIsReadWithItsMeaning() {
        ParsedConfig config = parse("""
                connection: &zigbee
                  accepter: tcp,6639
                  connector: serialdev,DEVNODE,115200n81,local
                  options:
                    mdns: true
                    mdns-name: Garage Zigbee
                    mdns-type: _zigbee-coordinator._tcp
                    mdns-txt: radio_type=ezsp
                    mdns-txt: serial_number=DEVSERIAL
                    mdns-sysattrs: true
                    mdns-interface: 3
                    mdns-nettype: ipv4
                    mdns-domain: local
                    mdns-host: garage.local
                """);
        assertThat(mdns(config, 0)).isEqualTo(new MdnsSpec(true, "Garage Zigbee", "_zigbee-coordinator._tcp",
                List.of("radio_type=ezsp", "serial_number=DEVSERIAL"), true, 3, MdnsSpec.NetType.IPV4, "local",
                "garage.local"));
    }

    @Test
    void offUnlessAskedAndTheTypeDefaultsToSer2netsOwn() {
        ParsedConfig config = parse("""
                connection: &plain
                  accepter: tcp,6639
                  connector: serialdev,DEVNODE
                connection: &on
                  accepter: tcp,6640
                  connector: serialdev,DEVNODE
                  options:
                    mdns: true
                    mdns-txt: [a=1, b]
                """);
        assertThat(mdns(config, 0)).isEqualTo(MdnsSpec.OFF);
        MdnsSpec on = mdns(config, 1);
        assertThat(on.enabled()).isTrue();
        assertThat(on.name()).as("null: the connection name").isNull();
        assertThat(on.effectiveType()).isEqualTo("_iostream._tcp");
        assertThat(on.txt()).as("a YAML list works too").containsExactly("a=1", "b");
    }

    @Test
    void defaultsApplyToTheConnectionsAfterThem() {
        ParsedConfig config = parse("""
                connection: &before
                  accepter: tcp,6638
                  connector: serialdev,DEVNODE
                default:
                  name: mdns
                  value: true
                  class: ser2net
                default:
                  name: mdns-type
                  value: _zigbee-coordinator._tcp
                default:
                  name: mdns-nettype
                  value: ipv6
                default:
                  name: mdns-sysattrs
                  value: true
                connection: &after
                  accepter: tcp,6639
                  connector: serialdev,DEVNODE
                connection: &own
                  accepter: tcp,6640
                  connector: serialdev,DEVNODE
                  options:
                    mdns: false
                    mdns-type: _iostream._tcp
                """);
        assertThat(mdns(config, 0)).isEqualTo(MdnsSpec.OFF);
        assertThat(mdns(config, 1)).isEqualTo(new MdnsSpec(true, null, "_zigbee-coordinator._tcp", List.of(), true,
                -1, MdnsSpec.NetType.IPV6, null, null));
        assertThat(mdns(config, 2).enabled()).isFalse();
        assertThat(mdns(config, 2).type()).isEqualTo("_iostream._tcp");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mdns: maybe                  | options: mdns: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0)",
        "mdns-type: zigbee            | options: mdns-type: 'zigbee' is not a DNS-SD type for a TCP port; write _<service>._tcp, like _iostream._tcp or _zigbee-coordinator._tcp",
        "mdns-type: _zigbee._udp      | options: mdns-type: '_zigbee._udp' is not a DNS-SD type for a TCP port; write _<service>._tcp, like _iostream._tcp or _zigbee-coordinator._tcp",
        "mdns-txt: =ezsp              | options: mdns-txt: '=ezsp' has no name; write name=value",
        "mdns-interface: eth0         | options: mdns-interface: 'eth0' is not an interface number (-1 for all)",
        "mdns-nettype: both           | options: mdns-nettype: 'both' is not unspec, ipv4 or ipv6",
        "mdns-name: ''                | options: mdns-name: empty",
        "mdns-host: 'my host'         | options: mdns-host: 'my host' is not a DNS name",
    })
    void aBadValueIsNamedWithItsKey(String option, String expected) {
        ParsedConfig config = parse("connection: &zigbee\n  accepter: tcp,6639\n  connector: serialdev,DEVNODE\n"
                                    + "  options:\n    " + option + "\n");
        assertThat(config.connections()).isEmpty();
        assertThat(config.problems()).extracting(ConfigProblem::toString)
                .containsExactly("ser2net.yaml: connection zigbee: " + expected);
    }

    @Test
    void aTypeLongerThanFifteenBytesIsAccepted() {
        // RFC 6335 limits service names to 15 bytes; Home Assistant's type is 18 and DNS allows 63
        ParsedConfig config = parse("connection: &z\n  accepter: tcp,6639\n  connector: serialdev,DEVNODE\n"
                                    + "  options:\n    mdns: true\n    mdns-type: _zigbee-coordinator._tcp.local.\n");
        assertThat(mdns(config, 0).type()).isEqualTo("_zigbee-coordinator._tcp");
    }
}
