package land.keen.ser2net.advert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.spec.ConnectionOptions;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.MdnsSpec;
import land.keen.ser2net.spec.TraceSpec;
import land.keen.ser2net.testing.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into an advert, as ser2net fills it: defaults, TXT order, its provider and gensiostack strings. */
class AdvertContentTest {

    @TempDir
    Path dir;

    private static final AccepterSpec PLAIN = new AccepterSpec("tcp,6639", null, 6639);

    private static ServedConnection bridge(MdnsSpec mdns, AccepterSpec accepter, Map<String, String> labels) {
        ConnectionOptions options = new ConnectionOptions(true, 1, 0, false, TraceSpec.NONE, List.of(), null, mdns);
        return ServedConnection.of(new ConnectionSpec("zigbee", "test.yaml", true, accepter, "/dev/ttyUSB0",
                LineSettings.DEFAULT, options, null), "0.0.0.0", labels);
    }

    @Test
    void ser2netsDefaultsAndItsOwnTxtStringsAfterTheUsers() {
        MdnsSpec mdns = new MdnsSpec(true, null, null, List.of("zone=garage"), false, -1, MdnsSpec.NetType.UNSPEC,
                null, null);
        Advert a = Advert.of(bridge(mdns, PLAIN, Map.of()), DeviceAttributes.NONE);
        assertThat(a.name()).isEqualTo("zigbee");
        assertThat(a.qualifiedType()).isEqualTo("_iostream._tcp.local.");
        assertThat(a.port()).isEqualTo(6639);
        assertThat(a.txt()).containsExactly("zone=garage", "provider=ser2net", "gensiostack=tcp");
        // length-prefixed strings, as DNS carries them
        assertThat(a.txtRecord()).startsWith(11, 'z', 'o', 'n', 'e');
    }

    @Test
    void aGivenProviderOrStackIsKeptAndTheStackNamesTelnetAndTls() {
        MdnsSpec mdns = new MdnsSpec(true, "Garage", "_zigbee-coordinator._tcp", List.of("provider=me"), false, -1,
                MdnsSpec.NetType.UNSPEC, "example", null);
        AccepterSpec rfc2217OverTls = new AccepterSpec("telnet(rfc2217),ssl(key=/k.pem,cert=/c.pem),tcp,6639", null,
                6639, AccepterSpec.Telnet.RFC2217, new AccepterSpec.Tls("/k.pem", "/c.pem", null, false));
        Advert a = Advert.of(bridge(mdns, rfc2217OverTls, Map.of()), DeviceAttributes.NONE);
        assertThat(a.qualifiedType()).isEqualTo("_zigbee-coordinator._tcp.example.");
        assertThat(a.name()).isEqualTo("Garage");
        assertThat(a.txt()).containsExactly("provider=me", "gensiostack=telnet(rfc2217),ssl,tcp");
    }

    @Test
    void devserialIsTheSticksSerialAndLeftOutWithoutOne() {
        MdnsSpec mdns = new MdnsSpec(true, null, "_zigbee-coordinator._tcp",
                List.of("radio_type=znp", "serial_number=DEVSERIAL"), true, -1, MdnsSpec.NetType.UNSPEC, null, null);
        Map<String, String> labels = Map.of("usb-id", "10c4:ea60", "serial", "c0ffee01", "interface", "00",
                "product", "Sonoff Zigbee 3.0 USB Dongle Plus", "manufacturer", "ITead");
        Advert with = Advert.of(bridge(mdns, PLAIN, labels),
                DeviceAttributes.fromLabels(labels).orElseThrow());
        assertThat(with.txt()).containsExactly("radio_type=znp", "serial_number=c0ffee01", "devicetype=serialusb",
                "bInterfaceNumber=00", "idProduct=ea60", "idVendor=10c4", "serial=c0ffee01", "manufacturer=ITead",
                "product=Sonoff Zigbee 3.0 USB Dongle Plus", "provider=ser2net", "gensiostack=tcp");

        Map<String, String> noSerial = Map.of("usb-id", "0658:0200", "interface", "00");
        Advert without = Advert.of(bridge(mdns, PLAIN, noSerial),
                DeviceAttributes.fromLabels(noSerial).orElseThrow());
        assertThat(without.txt()).containsExactly("radio_type=znp", "devicetype=serialusb", "bInterfaceNumber=00",
                "idProduct=0200", "idVendor=0658", "provider=ser2net", "gensiostack=tcp");
    }

    @Test
    void aDeviceFromASer2netYamlIsLookedUpInSysfsByItsName() {
        FakeSysfs sysfs = new FakeSysfs(dir);
        sysfs.addUsbSerial("ttyUSB0", "1-1", 0, "0403", "6001", "A105GKV2", "FTDI", "FT232R USB UART");
        sysfs.addPlatform("ttyS0");

        DeviceAttributes usb = DeviceAttributes.fromSysfs(sysfs.sysRoot(), "/dev/ttyUSB0");
        assertThat(usb.txt()).containsExactly("devicetype=serialusb", "bInterfaceNumber=00", "idProduct=6001",
                "idVendor=0403", "serial=A105GKV2", "manufacturer=FTDI", "product=FT232R USB UART");
        assertThat(DeviceAttributes.fromSysfs(sysfs.sysRoot(), "/dev/ttyS0").txt())
                .containsExactly("devicetype=serial");
        assertThat(DeviceAttributes.fromSysfs(sysfs.sysRoot(), "/dev/ttyUSB9").txt()).isEmpty();
    }
}
