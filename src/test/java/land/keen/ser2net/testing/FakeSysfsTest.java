package land.keen.ser2net.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture is only worth something if its links are spelled like the kernel's. */
class FakeSysfsTest {

    @TempDir
    Path tmp;

    @Test
    void usbSerialLinksAreTheKernelsRelativeLinks() throws Exception {
        FakeSysfs fs = new FakeSysfs(tmp);
        fs.addUsbSerial("ttyUSB0", "1-1.4.2", 0, "10c4", "ea60", "0001", "Silicon Labs", "CP2102");
        Path sys = fs.sysRoot();

        assertThat(Files.readSymbolicLink(sys.resolve("class/tty/ttyUSB0")).toString()).isEqualTo(
                "../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.4/1-1.4.2/1-1.4.2:1.0/ttyUSB0/tty/ttyUSB0");
        Path ttyDir = sys.resolve("class/tty/ttyUSB0").toRealPath();
        assertThat(Files.readSymbolicLink(ttyDir.resolve("device")).toString()).isEqualTo("../../../ttyUSB0");
        Path port = ttyDir.resolve("device").toRealPath();
        assertThat(port.getFileName().toString()).isEqualTo("ttyUSB0");
        assertThat(port.getParent().getFileName().toString()).isEqualTo("1-1.4.2:1.0");
        assertThat(Files.readSymbolicLink(port.resolve("subsystem")).toString())
                .isEqualTo("../../../../../../../../../bus/usb-serial");
        assertThat(port.resolve("subsystem").toRealPath()).isEqualTo(sys.resolve("bus/usb-serial").toRealPath());
        assertThat(read(port.getParent().getParent().resolve("idVendor"))).isEqualTo("10c4\n");
        assertThat(read(port.getParent().resolve("bInterfaceNumber"))).isEqualTo("00\n");
        // the root hub carries the controller address as its serial
        assertThat(read(sys.resolve("devices/pci0000:00/0000:00:14.0/usb1/serial"))).isEqualTo("0000:00:14.0\n");
    }

    @Test
    void cdcAcmDeviceLinkIsTheInterface() throws Exception {
        FakeSysfs fs = new FakeSysfs(tmp).controller(2, "pci0000:00/0000:00:1e.0/0000:01:1b.0");
        fs.addCdcAcm("ttyACM0", "2-1", 0, "1a86", "55d4", null, null, null);
        Path ttyDir = fs.sysRoot().resolve("class/tty/ttyACM0").toRealPath();
        assertThat(fs.sysRoot().toRealPath().relativize(ttyDir).toString())
                .isEqualTo("devices/pci0000:00/0000:00:1e.0/0000:01:1b.0/usb2/2-1/2-1:1.0/tty/ttyACM0");
        assertThat(Files.readSymbolicLink(ttyDir.resolve("device")).toString()).isEqualTo("../../../2-1:1.0");
        assertThat(Files.exists(fs.usbDeviceDir("2-1").resolve("serial"))).isFalse();
        assertThat(read(fs.sysRoot().resolve("devices/pci0000:00/0000:00:1e.0/0000:01:1b.0/usb2/serial")))
                .isEqualTo("0000:01:1b.0\n");
    }

    @Test
    void ambaAndRfcommLayouts() throws Exception {
        FakeSysfs fs = new FakeSysfs(tmp);
        fs.addAmba("ttyAMA0");
        fs.addRfcomm("rfcomm0");
        Path ama = fs.sysRoot().resolve("class/tty/ttyAMA0").toRealPath();
        assertThat(fs.sysRoot().toRealPath().relativize(ama).toString())
                .isEqualTo("devices/platform/soc/3f201000.serial/tty/ttyAMA0");
        assertThat(Files.readSymbolicLink(ama.resolve("device")).toString()).isEqualTo("../../../3f201000.serial");
        assertThat(Files.readSymbolicLink(ama.resolve("device/subsystem")).getFileName().toString()).isEqualTo("amba");
        assertThat(Files.exists(fs.sysRoot().resolve("class/tty/rfcomm0/device"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void plugUnplugAndRemove() throws Exception {
        FakeSysfs fs = new FakeSysfs(tmp);
        fs.addUsbSerial("ttyUSB0", "1-2", 0, "10c4", "8a2a", "C0F003D3", null, null);
        fs.addUsbSerial("ttyUSB1", "1-2", 1, "10c4", "8a2a", "C0F003D3", null, null);
        Path pty = Files.createFile(tmp.resolve("pts-3"));
        fs.plugDevNode("ttyUSB0", pty);
        assertThat(fs.devRoot().resolve("ttyUSB0").toRealPath()).isEqualTo(pty.toRealPath());

        fs.remove("ttyUSB0");
        assertThat(Files.exists(fs.sysRoot().resolve("class/tty/ttyUSB0"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fs.devRoot().resolve("ttyUSB0"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fs.interfaceDir("1-2", 0).resolve("ttyUSB0"))).isFalse();
        assertThat(Files.isDirectory(fs.sysRoot().resolve("class/tty/ttyUSB1"))).isTrue();

        fs.unplug("1-2");
        assertThat(Files.exists(fs.sysRoot().resolve("class/tty/ttyUSB1"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fs.usbDeviceDir("1-2"))).isFalse();
        assertThat(Files.isDirectory(fs.sysRoot().resolve("devices/pci0000:00/0000:00:14.0/usb1"))).isTrue();
    }

    private static String read(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
