package land.keen.ser2net.discovery;

import static land.keen.ser2net.discovery.Devices.cp2102;
import static land.keen.ser2net.discovery.Devices.device;
import static land.keen.ser2net.discovery.Devices.husbzb1;
import static land.keen.ser2net.discovery.Devices.zbDongleE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchRuleTest {

    @Test
    void seedFileNameIsVendorProductRule() {
        MatchRule rule = MatchRule.of("10c4:ea60.yaml", null).rule();
        assertThat(rule.vendor()).isEqualTo("10c4");
        assertThat(rule.product()).isEqualTo("ea60");
        assertThat(rule.serial()).isNull();
        assertThat(rule.specificity()).isEqualTo(2);
        assertThat(rule.matches(cp2102("ttyUSB0", "0001", "1-1"))).isTrue();
        assertThat(rule.matches(husbzb1("ttyUSB0", "00"))).isFalse();
    }

    @Test
    void configMapFriendlyUnderscoreAndUppercaseAndYml() {
        assertThat(MatchRule.of("10C4_EA60.yml", null).rule()).isEqualTo(MatchRule.of("10c4:ea60.yaml", null).rule());
    }

    @Test
    void otherFileNamesWithoutBlockAreErrors() {
        for (String name : new String[] {"zigbee.yaml", "10c4:ea60.json", "10c4-ea60.yaml", "10c4:ea6.yaml",
                "x10c4:ea60.yaml"}) {
            MatchRule.Result r = MatchRule.of(name, null);
            assertThat(r.ok()).as(name).isFalse();
            assertThat(r.error()).isEqualTo(name
                    + ": no match: block and file name is not VVVV:PPPP.yaml (or VVVV_PPPP.yaml)");
            assertThatThrownBy(r::rule).isInstanceOf(IllegalStateException.class).hasMessage(r.error());
        }
    }

    @Test
    void blockWinsOverFileName() {
        MatchRule rule = MatchRule.of("10c4:ea60.yaml", Map.of("vendor", "1a86", "product", "55d4")).rule();
        assertThat(rule.matches(zbDongleE("ttyACM0", "s", "1-1"))).isTrue();
        assertThat(rule.matches(cp2102("ttyUSB0", "0001", "1-1"))).isFalse();
    }

    @Test
    void blockWithEveryKey() {
        MatchRule rule = MatchRule.of("hubz-zigbee.yaml", Map.of("vendor", "10C4", "product", "8A2A",
                "serial", "C0F003D3", "interface", "1", "port-path", "1-2", "product-name", "hubz*")).rule();
        assertThat(rule.interfaceNumber()).isEqualTo("01");
        assertThat(rule.vendor()).isEqualTo("10c4");
        assertThat(rule.specificity()).isEqualTo(4 * MatchRule.MODEL_WEIGHT + 2 * MatchRule.DEVICE_WEIGHT);
        assertThat(rule.matches(husbzb1("ttyUSB1", "01"))).isTrue();
        assertThat(rule.matches(husbzb1("ttyUSB0", "00"))).isFalse();
    }

    @Test
    void serialIsExact() {
        MatchRule rule = MatchRule.of("furnace.yaml", Map.of("serial", "A50285BI")).rule();
        assertThat(rule.matches(device("ttyUSB0", "0403", "6001", "A50285BI", null, "00", "1-1"))).isTrue();
        assertThat(rule.matches(device("ttyUSB0", "0403", "6001", "a50285bi", null, "00", "1-1"))).isFalse();
        assertThat(rule.matches(device("ttyUSB0", "0403", "6001", null, null, "00", "1-1"))).isFalse();
    }

    @Test
    void portPathIsExactNotPrefix() {
        MatchRule rule = MatchRule.of("garage.yaml", Map.of("port-path", "1-1.4")).rule();
        assertThat(rule.matches(cp2102("ttyUSB0", null, "1-1.4"))).isTrue();
        assertThat(rule.matches(cp2102("ttyUSB0", null, "1-1.4.2"))).isFalse();
        assertThat(rule.matches(cp2102("ttyUSB0", null, "1-1"))).isFalse();
    }

    @Test
    void productNameGlob() {
        MatchRule sonoff = MatchRule.of("sonoff.yaml", Map.of("product-name", "*sonoff*dongle plus*")).rule();
        assertThat(sonoff.matches(zbDongleE("ttyACM0", null, "1-1"))).isTrue();
        assertThat(sonoff.matches(cp2102("ttyUSB0", null, "1-1"))).isFalse();
        // product-less device never matches a product-name rule
        assertThat(sonoff.matches(device("ttyACM0", "0658", "0200", null, null, "00", "1-3"))).isFalse();

        MatchRule q = MatchRule.of("cp.yaml", Map.of("product-name", "CP210? USB to UART Bridge Controller")).rule();
        assertThat(q.matches(cp2102("ttyUSB0", null, "1-1"))).isTrue();
        // whole string, and regex metacharacters are literal
        MatchRule literal = MatchRule.of("ft.yaml", Map.of("product-name", "FT232R USB UART.")).rule();
        assertThat(literal.matches(Devices.ft232r("ttyUSB0", null, "1-1"))).isFalse();
        MatchRule prefixOnly = MatchRule.of("ft.yaml", Map.of("product-name", "FT232R")).rule();
        assertThat(prefixOnly.matches(Devices.ft232r("ttyUSB0", null, "1-1"))).isFalse();
    }

    @Test
    void specificityOrdering() {
        int vidPid = MatchRule.of("10c4:ea60.yaml", null).rule().specificity();
        int serial = MatchRule.of("a.yaml", Map.of("serial", "0001")).rule().specificity();
        int port = MatchRule.of("b.yaml", Map.of("port-path", "1-1")).rule().specificity();
        int allModel = MatchRule.of("c.yaml", Map.of("vendor", "10c4", "product", "ea60", "interface", "00",
                "product-name", "CP*")).rule().specificity();
        int serialIface = MatchRule.of("d.yaml", Map.of("serial", "0001", "interface", "00")).rule().specificity();
        assertThat(vidPid).isEqualTo(2);
        assertThat(serial).isEqualTo(8).isEqualTo(port).isGreaterThan(allModel);
        assertThat(allModel).isEqualTo(4).isGreaterThan(vidPid);
        assertThat(serialIface).isGreaterThan(serial);
    }

    @Test
    void unknownKeyIsAnErrorNamingFileAndKey() {
        MatchRule.Result r = MatchRule.of("zigbee.yaml", Map.of("vendor", "10c4", "idVendor", "10c4"));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith("zigbee.yaml: match: unknown key 'idVendor'");
    }

    @Test
    void invalidValuesAreErrorsNamingFileAndKey() {
        assertThat(MatchRule.of("a.yaml", Map.of("vendor", "10c")).error())
                .startsWith("a.yaml: match: 'vendor' must be 4 hex digits").contains("'10c'");
        // what a YAML 1.1 parser makes of an unquoted 0403 (octal 259) must not silently match
        assertThat(MatchRule.of("a.yaml", Map.of("product", "259")).error())
                .startsWith("a.yaml: match: 'product' must be 4 hex digits");
        assertThat(MatchRule.of("a.yaml", Map.of("vendor", "xyzw")).error()).contains("'vendor'");
        assertThat(MatchRule.of("b.yaml", Map.of("interface", "100")).error())
                .startsWith("b.yaml: match: 'interface' must be bInterfaceNumber");
        assertThat(MatchRule.of("c.yaml", Map.of("port-path", "1-1.4:1.0")).error())
                .startsWith("c.yaml: match: 'port-path' must be a USB port path");
        assertThat(MatchRule.of("d.yaml", Map.of("serial", "  ")).error()).isEqualTo("d.yaml: match: 'serial' has no value");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("serial", null);
        assertThat(MatchRule.of("e.yaml", nullValue).error()).isEqualTo("e.yaml: match: 'serial' has no value");
    }

    @Test
    void severalErrorsAreAllReportedInKeyOrder() {
        MatchRule.Result r = MatchRule.of("f.yaml", Map.of("vendor", "10c4", "vid", "x", "interface", "zz"));
        assertThat(r.error()).startsWith("f.yaml: match: 'interface' must be").contains("; unknown key 'vid'");
    }

    @Test
    void emptyBlockIsAnError() {
        assertThat(MatchRule.of("10c4:ea60.yaml", Map.of()).error())
                .isEqualTo("10c4:ea60.yaml: match: block is empty; it would match every serial device");
    }
}
