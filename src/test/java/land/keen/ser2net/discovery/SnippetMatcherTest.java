package land.keen.ser2net.discovery;

import static land.keen.ser2net.discovery.Devices.cp2102;
import static land.keen.ser2net.discovery.Devices.ft232r;
import static land.keen.ser2net.discovery.Devices.husbzb1;
import static land.keen.ser2net.discovery.Devices.zbDongleE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnippetMatcherTest {

    private static SnippetCandidate snippet(String id, Map<String, String> block, int port) {
        return new SnippetCandidate(id, MatchRule.of(id, block).rule(), port, "payload-" + id);
    }

    @Test
    void fileNameSnippetServesItsDeviceAndPassesPayloadThrough() {
        SerialDevice stick = cp2102("ttyUSB0", "0001", "4-3");
        SerialDevice other = husbzb1("ttyUSB1", "00");
        MatchOutcome out = SnippetMatcher.match(List.of(snippet("10c4:ea60.yaml", null, 6638)), List.of(stick, other));

        assertThat(out.assignments()).hasSize(1);
        assertThat(out.assignments().get(0).device()).isEqualTo(stick);
        assertThat(out.assignments().get(0).snippet().payload()).isEqualTo("payload-10c4:ea60.yaml");
        assertThat(out.assignmentMap().get(stick).port()).isEqualTo(6638);
        assertThat(out.unmatched()).containsExactly(other);
        assertThat(out.refusals()).isEmpty();
    }

    @Test
    void matchBlockSnippetWithAnyFileName() {
        SerialDevice dongle = zbDongleE("ttyACM0", "20231115173722", "2-1");
        MatchOutcome out = SnippetMatcher.match(
                List.of(snippet("zigbee", Map.of("vendor", "1a86", "product", "55d4"), 6639)), List.of(dongle));
        assertThat(out.assignmentMap()).containsOnlyKeys(dongle);
        assertThat(out.assignmentMap().get(dongle).id()).isEqualTo("zigbee");
    }

    @Test
    void serialBeatsVendorProduct() {
        SerialDevice generator = ft232r("ttyUSB0", "A50285BI", "1-1.1");
        SerialDevice furnace = ft232r("ttyUSB1", "AB0KQ3VX", "1-1.2");
        List<SnippetCandidate> snippets = List.of(
                snippet("0403:6001.yaml", null, 3000),
                snippet("furnace.yaml", Map.of("serial", "AB0KQ3VX"), 3001));

        MatchOutcome out = SnippetMatcher.match(snippets, List.of(generator, furnace));
        assertThat(out.assignmentMap().get(generator).id()).isEqualTo("0403:6001.yaml");
        assertThat(out.assignmentMap().get(furnace).id()).isEqualTo("furnace.yaml");
        assertThat(out.refusals()).isEmpty();
    }

    @Test
    void equalSpecificityIsAmbiguousAndNamesSnippetsAndDevice() {
        SerialDevice stick = cp2102("ttyUSB0", "0001", "1-1.4.2");
        List<SnippetCandidate> snippets = List.of(
                snippet("zwave.yaml", Map.of("vendor", "10c4", "product", "ea60"), 6638),
                snippet("10c4:ea60.yaml", null, 6640),
                snippet("by-port.yaml", Map.of("port-path", "1-1.4.1"), 6641));

        MatchOutcome out = SnippetMatcher.match(snippets, List.of(stick));
        assertThat(out.assignments()).isEmpty();
        assertThat(out.unmatched()).isEmpty();
        assertThat(out.ambiguous()).hasSize(1);
        Refusal r = out.ambiguous().get(0);
        assertThat(r.kind()).isEqualTo(Refusal.Kind.AMBIGUOUS);
        assertThat(r.snippetIds()).containsExactly("10c4:ea60.yaml", "zwave.yaml");
        assertThat(r.devices()).containsExactly(stick);
        assertThat(r.message()).contains("10c4:ea60.yaml, zwave.yaml", "/dev/ttyUSB0", "serial 0001",
                "port 1-1.4.2", "specificity 2").doesNotContain("by-port.yaml");
        assertThat(r.key()).isEqualTo("ambiguous|10c4:ea60/serial=0001/port=1-1.4.2/if=00|10c4:ea60.yaml,zwave.yaml");
    }

    @Test
    void serialAndPortPathTieIsAmbiguous() {
        SerialDevice stick = cp2102("ttyUSB0", "0001", "1-1.4");
        MatchOutcome out = SnippetMatcher.match(List.of(
                snippet("a.yaml", Map.of("serial", "0001"), 1),
                snippet("b.yaml", Map.of("port-path", "1-1.4"), 2)), List.of(stick));
        assertThat(out.ambiguous()).extracting(Refusal::snippetIds).containsExactly(List.of("a.yaml", "b.yaml"));
    }

    @Test
    void twoIdenticalAdaptersOnOnePortAreBothRefusedWhileAThirdIsServed() {
        SerialDevice generator = ft232r("ttyUSB0", "A50285BI", "1-1.1");
        SerialDevice furnace = ft232r("ttyUSB1", "AB0KQ3VX", "1-1.2");
        SerialDevice zigbee = zbDongleE("ttyACM0", "20231115173722", "2-1");
        List<SnippetCandidate> snippets = List.of(
                snippet("0403:6001.yaml", null, 3000),
                snippet("1a86:55d4.yaml", null, 6639));

        MatchOutcome out = SnippetMatcher.match(snippets, List.of(furnace, zigbee, generator));
        assertThat(out.assignmentMap()).containsOnlyKeys(zigbee);
        assertThat(out.portConflicts()).hasSize(1);
        Refusal r = out.portConflicts().get(0);
        assertThat(r.kind()).isEqualTo(Refusal.Kind.PORT_CONFLICT);
        assertThat(r.port()).isEqualTo(3000);
        assertThat(r.devices()).containsExactly(generator, furnace);
        assertThat(r.snippetIds()).containsExactly("0403:6001.yaml");
        assertThat(r.message()).contains("TCP port 3000", "0403:6001.yaml", "2 devices",
                "/dev/ttyUSB0", "serial A50285BI", "port 1-1.1",
                "/dev/ttyUSB1", "serial AB0KQ3VX", "port 1-1.2");
        assertThat(r.key()).isEqualTo("port-conflict|3000|0403:6001.yaml|"
                + "0403:6001/serial=A50285BI/port=1-1.1/if=00,0403:6001/serial=AB0KQ3VX/port=1-1.2/if=00");
        assertThat(out.unmatched()).isEmpty();
        assertThat(out.ambiguous()).isEmpty();
    }

    @Test
    void twoSnippetsClaimingOnePortConflictToo() {
        SerialDevice stick = cp2102("ttyUSB0", "0001", "1-1");
        SerialDevice dongle = zbDongleE("ttyACM0", "X", "1-2");
        MatchOutcome out = SnippetMatcher.match(List.of(
                snippet("10c4:ea60.yaml", null, 6639),
                snippet("1a86:55d4.yaml", null, 6639)), List.of(stick, dongle));
        assertThat(out.assignments()).isEmpty();
        assertThat(out.portConflicts()).singleElement().satisfies(r -> {
            assertThat(r.snippetIds()).containsExactly("10c4:ea60.yaml", "1a86:55d4.yaml");
            assertThat(r.devices()).containsExactly(dongle, stick);
        });
    }

    @Test
    void husbzb1SplitByInterface() {
        SerialDevice zwave = husbzb1("ttyUSB0", "00");
        SerialDevice zigbee = husbzb1("ttyUSB1", "01");
        List<SnippetCandidate> snippets = List.of(
                snippet("hubz-zwave.yaml", Map.of("vendor", "10c4", "product", "8a2a", "interface", "00"), 6638),
                snippet("hubz-zigbee.yaml", Map.of("vendor", "10c4", "product", "8a2a", "interface", "1"), 6639));

        MatchOutcome out = SnippetMatcher.match(snippets, List.of(zigbee, zwave));
        assertThat(out.assignments()).extracting(a -> a.device().tty() + "->" + a.snippet().id())
                .containsExactly("ttyUSB0->hubz-zwave.yaml", "ttyUSB1->hubz-zigbee.yaml");
        assertThat(out.refusals()).isEmpty();
    }

    @Test
    void husbzb1WithOnlyAVendorProductSnippetIsAPortConflict() {
        // both interfaces match 10c4:8a2a.yaml: a silent pick would bridge Z-Wave where Zigbee was meant
        MatchOutcome out = SnippetMatcher.match(List.of(snippet("10c4:8a2a.yaml", null, 6638)),
                List.of(husbzb1("ttyUSB0", "00"), husbzb1("ttyUSB1", "01")));
        assertThat(out.assignments()).isEmpty();
        assertThat(out.portConflicts()).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("if 00", "if 01", "serial C0F003D3"));
    }

    @Test
    void productNameGlobSnippet() {
        SerialDevice dongle = zbDongleE("ttyACM0", null, "1-2");
        SerialDevice cp = cp2102("ttyUSB0", null, "1-1");
        MatchOutcome out = SnippetMatcher.match(
                List.of(snippet("sonoff", Map.of("product-name", "SONOFF*Dongle Plus*"), 6639)), List.of(cp, dongle));
        assertThat(out.assignmentMap()).containsOnlyKeys(dongle);
        assertThat(out.unmatched()).containsExactly(cp);
    }

    @Test
    void outcomeDoesNotDependOnInputOrder() {
        List<SerialDevice> devices = new ArrayList<>(List.of(
                ft232r("ttyUSB0", "A", "1-1.1"), ft232r("ttyUSB1", "B", "1-1.2"),
                cp2102("ttyUSB2", "0001", "1-1.3"), husbzb1("ttyUSB10", "00"),
                zbDongleE("ttyACM0", "Z", "2-1"), husbzb1("ttyUSB11", "01")));
        List<SnippetCandidate> snippets = new ArrayList<>(List.of(
                snippet("0403:6001.yaml", null, 3000),
                snippet("cp-a.yaml", Map.of("vendor", "10c4", "product", "ea60"), 6640),
                snippet("cp-b.yaml", Map.of("vendor", "10c4", "product", "ea60"), 6641),
                snippet("hubz.yaml", Map.of("serial", "C0F003D3", "interface", "01"), 6639)));
        MatchOutcome first = SnippetMatcher.match(snippets, devices);
        Collections.reverse(devices);
        Collections.reverse(snippets);
        MatchOutcome second = SnippetMatcher.match(snippets, devices);

        assertThat(second).isEqualTo(first);
        assertThat(first.assignments()).extracting(a -> a.device().tty()).containsExactly("ttyUSB11");
        assertThat(first.unmatched()).extracting(SerialDevice::tty).containsExactly("ttyACM0", "ttyUSB10");
        assertThat(first.refusals()).extracting(Refusal::kind)
                .containsExactly(Refusal.Kind.AMBIGUOUS, Refusal.Kind.PORT_CONFLICT);
    }

    @Test
    void refusalKeySurvivesReplugAsAnotherTty() {
        List<SnippetCandidate> snippets = List.of(snippet("0403:6001.yaml", null, 3000));
        Refusal before = SnippetMatcher.match(snippets,
                List.of(ft232r("ttyUSB0", "A", "1-1.1"), ft232r("ttyUSB1", "B", "1-1.2"))).portConflicts().get(0);
        Refusal after = SnippetMatcher.match(snippets,
                List.of(ft232r("ttyUSB3", "A", "1-1.1"), ft232r("ttyUSB1", "B", "1-1.2"))).portConflicts().get(0);
        assertThat(after.key()).isEqualTo(before.key());
        assertThat(after.message()).isNotEqualTo(before.message());
    }

    @Test
    void noSnippetsNoDevices() {
        MatchOutcome out = SnippetMatcher.match(List.of(), List.of());
        assertThat(out.assignments()).isEmpty();
        assertThat(out.refusals()).isEmpty();
        assertThat(out.unmatched()).isEmpty();
    }
}
