package land.keen.ser2net.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated stick for trying ser2net-camel without hardware: a pty that echoes every byte, registered in a
 * temporary sysfs and /dev tree exactly like a CP210x Zigbee stick (10c4:ea60) on USB port 1-1. Discovery finds it
 * through the same scanner and snippets as a real stick, so {@code nc localhost PORT} shows the whole path working.
 */
public final class DemoStick implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.demo");

    public static final String VENDOR = "10c4";
    public static final String PRODUCT = "ea60";
    public static final String SERIAL = "DEMO0001";

    private final Path base;
    private final FakeSysfs sysfs;
    private final Pty pty;
    private final EchoDevice echo;

    public DemoStick() throws IOException {
        base = Files.createTempDirectory("ser2net-camel-demo");
        sysfs = new FakeSysfs(base);
        pty = new Pty();
        echo = new EchoDevice(pty);
        sysfs.addUsbSerial("ttyUSB0", "1-1", 0, VENDOR, PRODUCT, SERIAL, "ser2net-camel",
                "ser2net-camel demo stick (echo)");
        sysfs.plugDevNode("ttyUSB0", Path.of(pty.slavePath()));
        LOG.info("demo: no USB serial device found, so a simulated echo stick {}:{} (serial {}) is plugged in at {}"
                 + " -> {}; set ser2net.demo=false to turn this off", VENDOR, PRODUCT, SERIAL,
                sysfs.devRoot().resolve("ttyUSB0"), pty.slavePath());
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
        return sysfs.sysRoot();
    }

    public Path devRoot() {
        return sysfs.devRoot();
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
