package land.keen.ser2net.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import land.keen.ser2net.testing.FakeSysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsScannerTest {

    @TempDir
    Path tmp;

    FakeSysfs fs;
    SysfsScanner scanner;

    @BeforeEach
    void setUp() {
        fs = new FakeSysfs(tmp);
        scanner = new SysfsScanner(fs.sysRoot(), fs.devRoot());
    }

    @Test
    void cp2102ZStickOnUsbSerial() {
        // the DESIGN.md example: /sys/devices/pci0000:00/0000:00:12.0/usb4/4-3/4-3:1.0/ttyUSB0/tty/ttyUSB0
        fs.controller(4, "pci0000:00/0000:00:12.0");
        fs.addUsbSerial("ttyUSB0", "4-3", 0, "10c4", "ea60", "0001", "Silicon Labs",
                "CP2102 USB to UART Bridge Controller");

        assertThat(scanner.scan()).containsExactly(new SerialDevice("ttyUSB0", fs.devRoot().resolve("ttyUSB0"),
                "10c4", "ea60", "0001", "Silicon Labs", "CP2102 USB to UART Bridge Controller", "00", null, "4-3"));
    }

    @Test
    void zbDongleEOnCdcAcm() {
        fs.controller(2, "pci0000:00/0000:00:1e.0/0000:01:1b.0");
        fs.addCdcAcm("ttyACM0", "2-1", 0, "1a86", "55d4", "20231115173722", "ITEAD",
                "SONOFF Zigbee 3.0 USB Dongle Plus V2");

        List<SerialDevice> devices = scanner.scan();
        assertThat(devices).hasSize(1);
        SerialDevice d = devices.get(0);
        assertThat(d.tty()).isEqualTo("ttyACM0");
        assertThat(d.devNode()).isEqualTo(fs.devRoot().resolve("ttyACM0"));
        assertThat(d.usbId()).isEqualTo("1a86:55d4");
        assertThat(d.serial()).isEqualTo("20231115173722");
        assertThat(d.manufacturer()).isEqualTo("ITEAD");
        assertThat(d.product()).isEqualTo("SONOFF Zigbee 3.0 USB Dongle Plus V2");
        assertThat(d.interfaceNumber()).isEqualTo("00");
        assertThat(d.portPath()).isEqualTo("2-1");
    }

    @Test
    void deviceBehindHubsKeepsItsPortPath() {
        fs.addUsbSerial("ttyUSB0", "1-1.4.2", 0, "0403", "6001", "A50285BI", "FTDI", "FT232R USB UART");

        SerialDevice d = scanner.scan().get(0);
        assertThat(d.portPath()).isEqualTo("1-1.4.2");
        assertThat(d.serial()).isEqualTo("A50285BI");
        assertThat(d.product()).isEqualTo("FT232R USB UART");
    }

    @Test
    void husbzb1GivesTwoTtysWithTheSameSerialAndTheirOwnInterfaces() {
        fs.addUsbSerial("ttyUSB0", "1-2", 0, "10c4", "8a2a", "C0F003D3", "Silicon Labs", "HubZ Smart Home Controller");
        fs.addUsbSerial("ttyUSB1", "1-2", 1, "10c4", "8a2a", "C0F003D3", "Silicon Labs", "HubZ Smart Home Controller");
        fs.writeInterfaceAttr("1-2", 0, "interface", "HubZ Z-Wave Com Port\n");
        fs.writeInterfaceAttr("1-2", 1, "interface", "HubZ ZigBee Com Port\n");

        List<SerialDevice> devices = scanner.scan();
        assertThat(devices).extracting(SerialDevice::tty).containsExactly("ttyUSB0", "ttyUSB1");
        assertThat(devices).extracting(SerialDevice::serial).containsExactly("C0F003D3", "C0F003D3");
        assertThat(devices).extracting(SerialDevice::interfaceNumber).containsExactly("00", "01");
        assertThat(devices).extracting(SerialDevice::interfaceName)
                .containsExactly("HubZ Z-Wave Com Port", "HubZ ZigBee Com Port");
        assertThat(devices).extracting(SerialDevice::portPath).containsExactly("1-2", "1-2");
        assertThat(devices.get(0).identity()).isNotEqualTo(devices.get(1).identity());
    }

    @Test
    void aeotecZStickGen5WithoutStringsGetsNullsNotTheRootHubSerial() {
        // Aeotec Z-Stick Gen5 (cdc_acm) has no serial/manufacturer/product descriptors at all;
        // the nearest "serial" file above it is usb1's, which holds "0000:00:14.0"
        fs.addCdcAcm("ttyACM0", "1-3", 0, "0658", "0200", null, null, null);
        assertThat(Files.exists(fs.sysRoot().resolve("devices/pci0000:00/0000:00:14.0/usb1/serial"))).isTrue();

        SerialDevice d = scanner.scan().get(0);
        assertThat(d.usbId()).isEqualTo("0658:0200");
        assertThat(d.serial()).isNull();
        assertThat(d.manufacturer()).isNull();
        assertThat(d.product()).isNull();
        assertThat(d.portPath()).isEqualTo("1-3");
        assertThat(d.describe()).contains("serial (none)").doesNotContain("0000:00:14.0");
    }

    @Test
    void piRootHubSerialIsNotTakenForASerialLessCh340() {
        fs.controller(1, "platform/soc/3f980000.usb");
        fs.addUsbSerial("ttyUSB0", "1-1.3", 0, "1a86", "7523", null, null, "USB2.0-Serial");

        SerialDevice d = scanner.scan().get(0);
        assertThat(d.serial()).isNull();
        assertThat(d.product()).isEqualTo("USB2.0-Serial");
        assertThat(d.portPath()).isEqualTo("1-1.3");
    }

    @Test
    void valuesAreTrimmedAndIdsLowercased() {
        fs.addUsbSerial("ttyUSB0", "1-5", 0, "10c4", "ea60", "x", "x", "x");
        fs.writeUsbDeviceAttr("1-5", "idVendor", "10C4\n");
        fs.writeUsbDeviceAttr("1-5", "idProduct", " EA60 \n");
        fs.writeUsbDeviceAttr("1-5", "serial", "  0001  \n\n");
        fs.writeUsbDeviceAttr("1-5", "manufacturer", "Silicon Labs ");
        fs.writeUsbDeviceAttr("1-5", "product", "\tSonoff Zigbee 3.0 USB Dongle Plus  \n");
        fs.writeInterfaceAttr("1-5", 0, "bInterfaceNumber", "0A\n");

        SerialDevice d = scanner.scan().get(0);
        assertThat(d.vendorId()).isEqualTo("10c4");
        assertThat(d.productId()).isEqualTo("ea60");
        assertThat(d.serial()).isEqualTo("0001");
        assertThat(d.manufacturer()).isEqualTo("Silicon Labs");
        assertThat(d.product()).isEqualTo("Sonoff Zigbee 3.0 USB Dongle Plus");
        assertThat(d.interfaceNumber()).isEqualTo("0a");
    }

    @Test
    void blankSerialIsNull() {
        fs.addUsbSerial("ttyUSB0", "1-5", 0, "0403", "6001", "x", null, null);
        fs.writeUsbDeviceAttr("1-5", "serial", "   \n");
        assertThat(scanner.scan().get(0).serial()).isNull();
    }

    /** Vendor drivers name their ttys themselves; the sysfs layout is the kernel's (interface-bound like cdc_acm). */
    @Test
    void sticksOnVendorDriversAreFoundByTheirSysfsLinks() {
        // a Sonoff ZBDongle-E (CH9102) with WCH's ch343ser, an Exar XR21V1410 RS485 adapter with xr_usb_serial
        fs.addCdcAcm("ttyCH343USB0", "1-2", 0, "1a86", "55d4", "20231115173722", "ITEAD",
                "SONOFF Zigbee 3.0 USB Dongle Plus V2");
        fs.addCdcAcm("ttyXRUSB0", "1-3", 0, "04e2", "1410", null, null, null);
        fs.addUsbSerial("ttyCH341USB0", "1-4", 0, "1a86", "7523", null, null, null);

        List<SerialDevice> devices = scanner.scan();
        assertThat(devices).extracting(SerialDevice::tty).containsExactly("ttyCH341USB0", "ttyCH343USB0", "ttyXRUSB0");
        assertThat(devices).extracting(SerialDevice::usbId).containsExactly("1a86:7523", "1a86:55d4", "04e2:1410");
        assertThat(devices.get(1).devNode()).isEqualTo(fs.devRoot().resolve("ttyCH343USB0"));
        assertThat(devices.get(1).serial()).isEqualTo("20231115173722");
    }

    @Test
    void nonUsbTtysAndUnrelatedNamesAreIgnored() {
        fs.addPlatform("ttyS0");
        fs.addAmba("ttyAMA0");
        fs.addRfcomm("rfcomm0");
        fs.addVirtual("tty1");
        fs.addVirtual("console");
        // a perfectly good usb-serial device whose name does not match the candidate pattern
        fs.addUsbSerial("ttyUSB1234", "1-6", 0, "0403", "6001", "FT1", null, null);
        fs.addUsbSerial("ttyUSB0", "1-7", 0, "0403", "6001", "FT2", null, null);

        assertThat(scanner.scan()).extracting(SerialDevice::tty).containsExactly("ttyUSB0");
    }

    @Test
    void sortedByTtyNameNaturally() {
        fs.addUsbSerial("ttyUSB10", "1-1", 0, "0403", "6001", "A", null, null);
        fs.addCdcAcm("ttyACM0", "1-2", 0, "1a86", "55d4", "B", null, null);
        fs.addUsbSerial("ttyUSB2", "1-3", 0, "0403", "6001", "C", null, null);

        assertThat(scanner.scan()).extracting(SerialDevice::tty).containsExactly("ttyACM0", "ttyUSB2", "ttyUSB10");
    }

    @Test
    void deviceWithoutReadableIdsIsSkippedOthersKept() throws Exception {
        fs.addUsbSerial("ttyUSB0", "1-1", 0, "0403", "6001", "A", null, null);
        fs.addUsbSerial("ttyUSB1", "1-2", 0, "0403", "6001", "B", null, null);
        fs.addUsbSerial("ttyUSB2", "1-3", 0, "0403", "6001", "C", null, null);
        fs.deleteUsbDeviceAttr("1-1", "idVendor");
        // an attribute that is not a readable file (we run as root, so chmod proves nothing)
        fs.deleteUsbDeviceAttr("1-2", "idProduct");
        Files.createDirectory(fs.usbDeviceDir("1-2").resolve("idProduct"));

        assertThat(scanner.scan()).extracting(SerialDevice::tty).containsExactly("ttyUSB2");
    }

    @Test
    void danglingOrMissingLinksNeverThrow() throws Exception {
        fs.addUsbSerial("ttyUSB0", "1-1", 0, "0403", "6001", "A", null, null);
        fs.addUsbSerial("ttyUSB1", "1-2", 0, "0403", "6001", "B", null, null);
        fs.addUsbSerial("ttyUSB2", "1-3", 0, "0403", "6001", "C", null, null);
        // ttyUSB0 unplugged half way: class link left, target gone
        deleteTree(fs.interfaceDir("1-1", 0).resolve("ttyUSB0"));
        // ttyUSB1's port lost its subsystem link
        Files.delete(fs.interfaceDir("1-2", 0).resolve("ttyUSB1/subsystem"));
        // a stray regular file in class/tty
        Files.writeString(fs.sysRoot().resolve("class/tty/ttyS9"), "junk\n");

        assertThat(scanner.scan()).extracting(SerialDevice::tty).containsExactly("ttyUSB2");
    }

    @Test
    void missingSysRootGivesEmptyList() {
        assertThat(new SysfsScanner(tmp.resolve("nope"), tmp).scan()).isEmpty();
    }

    @Test
    void unplugAndReplugAsAnotherTty() {
        fs.addUsbSerial("ttyUSB0", "1-1.2", 0, "10c4", "ea60", "0001", null, null);
        SerialDevice before = scanner.scan().get(0);
        fs.unplug("1-1.2");
        assertThat(scanner.scan()).isEmpty();
        fs.addUsbSerial("ttyUSB1", "1-1.2", 0, "10c4", "ea60", "0001", null, null);
        SerialDevice after = scanner.scan().get(0);
        assertThat(after.tty()).isEqualTo("ttyUSB1");
        assertThat(after.identity()).isEqualTo(before.identity());
    }

    @Test
    void describeIsOneInformativeLine() {
        fs.addUsbSerial("ttyUSB0", "1-1.4.2", 1, "10c4", "8a2a", "C0F003D3", "Silicon Labs",
                "HubZ Smart Home Controller");
        String line = scanner.scan().get(0).describe();
        assertThat(line).isEqualTo(fs.devRoot().resolve("ttyUSB0") + " 10c4:8a2a serial C0F003D3"
                + " \"HubZ Smart Home Controller\" by \"Silicon Labs\" port 1-1.4.2 if 01");
        assertThat(line).doesNotContain("\n");
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
