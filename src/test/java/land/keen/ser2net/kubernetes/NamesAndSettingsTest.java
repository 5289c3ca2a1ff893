package land.keen.ser2net.kubernetes;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names the API server accepts, and how settings fall back to the downward API. */
class NamesAndSettingsTest {

    static final String DNS_1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";

    @Test
    void perNodeNamesAreDns1035AndKeepZonesApart() {
        assertThat(Names.perNode("zwave", "garage")).isEqualTo("zwave-garage");
        assertThat(Names.perNode("zwave", "attic")).isNotEqualTo(Names.perNode("zwave", "garage"));
        assertThat(Names.perNode("Z_Wave", "pi4.home.lan")).isEqualTo("z-wave-pi4-home-lan");
        assertThat(Names.dns1035("6639")).isEqualTo("serial-6639").matches(DNS_1035);
        assertThat(Names.dns1035("--zigbee--")).isEqualTo("zigbee");
    }

    @Test
    void namesBeyondAsciiStayDistinctAndValid() {
        String a = Names.perNode("ünïcødé_串口", "garage");
        String b = Names.perNode("ünïcødé_串行", "garage");
        assertThat(a).matches(DNS_1035).isNotEqualTo(b);
        assertThat(b).matches(DNS_1035);
        assertThat(Names.dns1035("串口")).matches(DNS_1035).isNotEqualTo(Names.dns1035("串行"));
        assertThat(Names.labelValue("ünïcødé_串口")).isNotEqualTo(Names.labelValue("ünïcødé_串行"))
                .matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    }

    @Test
    void longNamesAreCutToSixtyThreeAndStayDistinct() {
        String node = "a-very-long-node-name-from-a-cloud-provider.compute.internal.example.org";
        String a = Names.perNode("zigbee-coordinator-one", node);
        String b = Names.perNode("zigbee-coordinator-two", node);
        assertThat(a).hasSizeLessThanOrEqualTo(63).matches(DNS_1035).startsWith("zigbee-coordinator-one");
        assertThat(b).hasSizeLessThanOrEqualTo(63).matches(DNS_1035);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void labelValuesAreValid() {
        assertThat(Names.labelValue("node-a")).isEqualTo("node-a");
        assertThat(Names.labelValue("pi4.home.lan")).isEqualTo("pi4.home.lan");
        assertThat(Names.labelValue("x".repeat(100))).hasSize(63)
                .matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
        assertThat(Names.labelValue("/dev/ttyUSB0")).isEqualTo("dev-ttyUSB0");
    }

    @Test
    void autoIsOnInAClusterOrWithAMasterUrlAndOffOtherwise() {
        assertThat(resolve("auto", "", Map.of()).enabled()).isFalse();
        assertThat(resolve("auto", "", Map.of("KUBERNETES_SERVICE_HOST", "10.43.0.1")).enabled()).isTrue();
        assertThat(resolve("auto", "https://k3s:6443", Map.of()).enabled()).isTrue();
        assertThat(resolve("false", "", Map.of("KUBERNETES_SERVICE_HOST", "10.43.0.1")).enabled()).isFalse();
        assertThat(resolve("true", "", Map.of()).enabled()).isTrue();
        assertThatThrownBy(() -> resolve("maybe", "", Map.of())).hasMessageContaining("auto, true or false");
    }

    @Test
    void theDownwardApiFillsWhatIsNotSetAndExplicitSettingsWin() {
        Map<String, String> env = Map.of("POD_NAMESPACE", "serials", "NODE_NAME", "garage", "HOST_IP", "10.0.0.7",
                "POD_NAME", "ser2net-abcde", "POD_UID", "1234");
        KubernetesSettings s = resolve("auto", "", env);
        assertThat(s.namespace()).isEqualTo("serials");
        assertThat(s.node()).isEqualTo("garage");
        assertThat(s.hostIp()).isEqualTo("10.0.0.7");
        assertThat(s.podName()).isEqualTo("ser2net-abcde");
        assertThat(s.podUid()).isEqualTo("1234");
        KubernetesSettings explicit = KubernetesSettings.resolve("auto", "", false, "iot", "attic", "", "", "",
                10_000, 1_000, 30_000, env::get);
        assertThat(explicit.namespace()).isEqualTo("iot");
        assertThat(explicit.node()).isEqualTo("attic");
        assertThat(resolve("auto", "", Map.of("NODE_NAME", "n")).namespace()).isEqualTo("iot-system");
    }

    private static KubernetesSettings resolve(String mode, String url, Map<String, String> env) {
        return KubernetesSettings.resolve(mode, url, false, "", "", "", "", "", 10_000, 1_000, 30_000, env::get);
    }
}
