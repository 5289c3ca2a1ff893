package land.keen.ser2net.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated stick for trying ser2net-camel without hardware: a pty that echoes every byte, registered in a
 * temporary sysfs and /dev tree like a CP210x Zigbee stick (10c4:ea60) on USB port 1-1. Discovery finds it
 * through the same scanner and snippets as a real stick, so {@code nc localhost PORT} shows the whole path working.
 * (The tests' {@code testing/FakeSysfs} builds every layout the kernel makes; the demo needs only this one.)
 */
public final class DemoStick implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.demo");

    public static final String VENDOR = "10c4";
    public static final String PRODUCT = "ea60";
    public static final String SERIAL = "DEMO0001";

    private final Path base;
    private final Pty pty;
    private final EchoDevice echo;

    public DemoStick() throws IOException {
        base = Files.createTempDirectory("ser2net-camel-demo");
        pty = new Pty();
        echo = new EchoDevice(pty);
        plug(sysRoot(), devRoot(), Path.of(pty.slavePath()));
        LOG.info("demo: no USB serial device found, so a simulated echo stick {}:{} (serial {}) is plugged in at {}"
                 + " -> {}; set ser2net.demo=false to turn this off", VENDOR, PRODUCT, SERIAL,
                devRoot().resolve("ttyUSB0"), pty.slavePath());
    }

    /**
     * {@code java -cp ser2net-camel.jar land.keen.ser2net.demo.DemoStick}: the demo stick on its own, to try discovery
     * against a fake sysfs and /dev tree; prints the settings that point the app at it, and runs until stopped.
     */
    public static void main(String[] args) throws Exception {
        DemoStick stick = new DemoStick();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stick.close();
            } catch (Exception e) {
                LOG.debug("demo: cleanup failed: {}", e.toString());
            }
        }));
        System.out.println("-Dser2net.sysfs-root=" + stick.sysRoot() + " -Dser2net.dev-root=" + stick.devRoot()
                           + " -Dser2net.demo=false");
        Thread.currentThread().join();
    }

    public Path sysRoot() {
        return base.resolve("sys");
    }

    public Path devRoot() {
        return base.resolve("dev");
    }

    /**
     * The stick as the kernel shows a usb-serial tty: {@code class/tty/ttyUSB0} leads to the tty under the USB
     * interface {@code 1-1:1.0}, whose {@code device} is the usb-serial port (subsystem {@code usb-serial}); the USB
     * device {@code 1-1} two levels up holds the ids; {@code /dev/ttyUSB0} is the pty.
     */
    private static void plug(Path sys, Path dev, Path slave) throws IOException {
        Path usbDevice = sys.resolve("devices/pci0000:00/0000:00:14.0/usb1/1-1");
        Path usbInterface = usbDevice.resolve("1-1:1.0");
        Path serialPort = usbInterface.resolve("ttyUSB0");
        Path tty = serialPort.resolve("tty/ttyUSB0");
        for (Path dir : List.of(tty, sys.resolve("bus/usb"), sys.resolve("bus/usb-serial"), sys.resolve("class/tty"),
                dev)) {
            Files.createDirectories(dir);
        }
        attributes(usbDevice, Map.of("idVendor", VENDOR, "idProduct", PRODUCT, "serial", SERIAL,
                "manufacturer", "ser2net-camel", "product", "ser2net-camel demo stick (echo)", "devpath", "1",
                "busnum", "1"));
        attributes(usbInterface, Map.of("bInterfaceNumber", "00", "bInterfaceClass", "ff"));
        link(usbDevice.resolve("subsystem"), sys.resolve("bus/usb"));
        link(usbInterface.resolve("subsystem"), sys.resolve("bus/usb"));
        link(serialPort.resolve("subsystem"), sys.resolve("bus/usb-serial"));
        link(tty.resolve("device"), serialPort);
        link(sys.resolve("class/tty/ttyUSB0"), tty);
        Files.createSymbolicLink(dev.resolve("ttyUSB0"), slave);
    }

    /** sysfs attribute files end in a newline. */
    private static void attributes(Path dir, Map<String, String> values) throws IOException {
        for (Map.Entry<String, String> e : values.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue() + "\n");
        }
    }

    /** Relative, as sysfs links are. */
    private static void link(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, link.getParent().relativize(target));
    }

    @Override
    public void close() throws Exception {
        echo.close();
        pty.close();
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
