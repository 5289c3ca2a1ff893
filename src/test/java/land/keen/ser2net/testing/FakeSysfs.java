package land.keen.ser2net.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sysfs tree (and a /dev) in a temp directory, laid out the way the kernel lays out the real one,
 * so code under test reads it exactly as it would read {@code /sys}: {@code class/tty/NAME} is a
 * relative symlink into {@code devices/...}, {@code device} and {@code subsystem} are relative
 * symlinks computed the way kernfs computes them, attribute files end in a newline, and every USB
 * bus has a root hub whose {@code serial} is the host controller's address (the trap a scanner must
 * not fall into).
 *
 * <p>Layouts produced (for bus 1 on the default controller {@code pci0000:00/0000:00:14.0}):
 * <pre>
 * usb-serial  devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.4/1-1.4.2/1-1.4.2:1.0/ttyUSB0/tty/ttyUSB0
 *             device -> ../../../ttyUSB0, whose subsystem -> ../../../…/bus/usb-serial
 * cdc_acm     devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/tty/ttyACM0
 *             device -> ../../../1-2:1.0, whose subsystem -> ../../../…/bus/usb
 * platform    devices/platform/serial8250/tty/ttyS0 (subsystem platform)
 * amba        devices/platform/soc/3f201000.serial/tty/ttyAMA0 (subsystem amba)
 * rfcomm      devices/virtual/tty/rfcomm0 (no device link)
 * </pre>
 * Plug = {@code addXxx} (+ {@link #plugDevNode}); unplug = {@link #unplug} or {@link #remove}.
 */
public final class FakeSysfs {

    /** Where root hubs live unless {@link #controller} says otherwise: an Intel xHCI. */
    public static final String DEFAULT_CONTROLLER = "pci0000:00/0000:00:14.0";

    private final Path sysRoot;
    private final Path devRoot;
    private final Map<Integer, String> controllers = new HashMap<>();
    /** tty → the directory created for it alone (deleted by {@link #remove}). */
    private final Map<String, Path> ttyOwnDirs = new LinkedHashMap<>();

    /** Creates {@code base/sys} and {@code base/dev}. */
    public FakeSysfs(Path base) {
        this.sysRoot = base.resolve("sys");
        this.devRoot = base.resolve("dev");
        for (String dir : List.of("class/tty", "bus/usb", "bus/usb-serial", "bus/platform", "bus/amba",
                "devices/virtual/tty")) {
            mkdirs(sysRoot.resolve(dir));
        }
        mkdirs(devRoot);
    }

    public Path sysRoot() {
        return sysRoot;
    }

    public Path devRoot() {
        return devRoot;
    }

    /**
     * Puts USB bus {@code bus} under another controller, given relative to {@code devices/}, e.g.
     * {@code "pci0000:00/0000:00:12.0"} or a Pi's {@code "platform/soc/3f980000.usb"}. Call before
     * adding devices on that bus. The root hub's {@code serial} is the last component.
     */
    public FakeSysfs controller(int bus, String devicesRelativePath) {
        controllers.put(bus, devicesRelativePath);
        return this;
    }

    /**
     * A usb-serial tty (cp210x, ftdi_sio, pl2303, ch341): {@code .../PORT/PORT:1.IFACE/TTY/tty/TTY}.
     * Adding a second tty with the same port path and another interface models a multi-interface
     * device such as the HUSBZB-1. Null serial/manufacturer/product leave those files out.
     *
     * @return the tty's class directory as the kernel exposes it ({@code sys/class/tty/TTY})
     */
    public Path addUsbSerial(String tty, String portPath, int iface, String vid, String pid,
                             String serial, String manufacturer, String product) {
        Path ifaceDir = usbInterface(portPath, iface, vid, pid, serial, manufacturer, product, "ff");
        Path portDir = ifaceDir.resolve(tty);
        mkdirs(portDir);
        link(portDir.resolve("subsystem"), sysRoot.resolve("bus/usb-serial"));
        write(portDir.resolve("port_number"), "0");
        Path ttyDir = portDir.resolve("tty").resolve(tty);
        ttyOwnDirs.put(tty, portDir);
        return classTty(tty, ttyDir, portDir, 188);
    }

    /** A cdc_acm tty (ZBDongle-E, Arduino, ...): {@code .../PORT/PORT:1.IFACE/tty/TTY}; see {@link #addUsbSerial}. */
    public Path addCdcAcm(String tty, String portPath, int iface, String vid, String pid,
                          String serial, String manufacturer, String product) {
        Path ifaceDir = usbInterface(portPath, iface, vid, pid, serial, manufacturer, product, "02");
        Path ttyDir = ifaceDir.resolve("tty").resolve(tty);
        ttyOwnDirs.put(tty, ttyDir);
        return classTty(tty, ttyDir, ifaceDir, 166);
    }

    /** An 8250 UART on the platform bus, as ttyS0..3 appear on every PC. */
    public Path addPlatform(String tty) {
        Path device = sysRoot.resolve("devices/platform/serial8250");
        return nonUsb(tty, device, "platform");
    }

    /** A Raspberry Pi PL011 UART: {@code devices/platform/soc/3f201000.serial}, subsystem amba. */
    public Path addAmba(String tty) {
        Path device = sysRoot.resolve("devices/platform/soc/3f201000.serial");
        return nonUsb(tty, device, "amba");
    }

    /** A Bluetooth rfcomm tty: a virtual device with no {@code device} link. */
    public Path addRfcomm(String tty) {
        return addVirtual(tty);
    }

    /** Any tty under {@code devices/virtual/tty} (tty1, console, ptmx, rfcomm0): no device link. */
    public Path addVirtual(String tty) {
        Path ttyDir = sysRoot.resolve("devices/virtual/tty").resolve(tty);
        mkdirs(ttyDir);
        ttyOwnDirs.put(tty, ttyDir);
        link(ttyDir.resolve("subsystem"), sysRoot.resolve("class/tty"));
        Path classLink = sysRoot.resolve("class/tty").resolve(tty);
        link(classLink, ttyDir);
        return classLink;
    }

    /** Writes a USB device attribute verbatim (no newline added), to model odd values. */
    public void writeUsbDeviceAttr(String portPath, String name, String raw) {
        writeRaw(usbDeviceDir(portPath).resolve(name), raw);
    }

    /** Removes a USB device attribute file, as for sticks that have no such string descriptor. */
    public void deleteUsbDeviceAttr(String portPath, String name) {
        delete(usbDeviceDir(portPath).resolve(name));
    }

    /** Writes an interface attribute verbatim, e.g. {@code interface} = "HubZ ZigBee Com Port\n". */
    public void writeInterfaceAttr(String portPath, int iface, String name, String raw) {
        writeRaw(interfaceDir(portPath, iface).resolve(name), raw);
    }

    /** {@code devices/<controller>/usbB/B-P/.../portPath}. */
    public Path usbDeviceDir(String portPath) {
        int bus = busOf(portPath);
        Path dir = rootHubDir(bus);
        String[] ports = portPath.substring(portPath.indexOf('-') + 1).split("\\.");
        String name = bus + "-" + ports[0];
        dir = dir.resolve(name);
        for (int i = 1; i < ports.length; i++) {
            name = name + "." + ports[i];
            dir = dir.resolve(name);
        }
        return dir;
    }

    /** {@code <usbDeviceDir>/<portPath>:1.<iface>}: configuration 1, interface number in decimal. */
    public Path interfaceDir(String portPath, int iface) {
        return usbDeviceDir(portPath).resolve(portPath + ":1." + iface);
    }

    /** Makes {@code <devRoot>/TTY} a symlink to {@code target} (a pty slave in end-to-end tests). */
    public Path plugDevNode(String tty, Path target) {
        Path node = devRoot.resolve(tty);
        removeDevNode(tty);
        try {
            return Files.createSymbolicLink(node, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void removeDevNode(String tty) {
        delete(devRoot.resolve(tty));
    }

    /** Removes one tty: its class link, its own directories and its dev node; the USB device stays. */
    public void remove(String tty) {
        delete(sysRoot.resolve("class/tty").resolve(tty));
        Path own = ttyOwnDirs.remove(tty);
        if (own != null) {
            deleteTree(own);
        }
        removeDevNode(tty);
    }

    /** Pulls the stick at {@code portPath}: every tty under it, then the USB device directory. */
    public void unplug(String portPath) {
        Path usbDir = usbDeviceDir(portPath);
        for (Map.Entry<String, Path> e : new ArrayList<>(ttyOwnDirs.entrySet())) {
            if (e.getValue().startsWith(usbDir)) {
                remove(e.getKey());
            }
        }
        deleteTree(usbDir);
    }

    // ---- building blocks ------------------------------------------------------------------------

    private Path usbInterface(String portPath, int iface, String vid, String pid, String serial,
                              String manufacturer, String product, String ifaceClass) {
        Path dev = usbDevice(portPath);
        write(dev.resolve("idVendor"), vid);
        write(dev.resolve("idProduct"), pid);
        writeOptional(dev.resolve("serial"), serial);
        writeOptional(dev.resolve("manufacturer"), manufacturer);
        writeOptional(dev.resolve("product"), product);
        Path ifaceDir = interfaceDir(portPath, iface);
        mkdirs(ifaceDir);
        link(ifaceDir.resolve("subsystem"), sysRoot.resolve("bus/usb"));
        write(ifaceDir.resolve("bInterfaceNumber"), String.format("%02x", iface));
        write(ifaceDir.resolve("bInterfaceClass"), ifaceClass);
        return ifaceDir;
    }

    /** The USB device dir, creating the root hub and any hubs between it and the device. */
    private Path usbDevice(String portPath) {
        int bus = busOf(portPath);
        rootHub(bus);
        Path target = usbDeviceDir(portPath);
        // hubs are the ancestors strictly between the root hub and the device
        for (Path hub = target.getParent(); !hub.equals(rootHubDir(bus)); hub = hub.getParent()) {
            if (!Files.isDirectory(hub)) {
                mkdirs(hub);
                link(hub.resolve("subsystem"), sysRoot.resolve("bus/usb"));
                write(hub.resolve("idVendor"), "05e3");
                write(hub.resolve("idProduct"), "0608");
                write(hub.resolve("product"), "USB2.0 Hub");
                write(hub.resolve("devpath"), hub.getFileName().toString().replaceFirst("^[0-9]+-", ""));
            }
        }
        if (!Files.isDirectory(target)) {
            mkdirs(target);
            link(target.resolve("subsystem"), sysRoot.resolve("bus/usb"));
            write(target.resolve("devpath"), portPath.substring(portPath.indexOf('-') + 1));
            write(target.resolve("busnum"), Integer.toString(bus));
        }
        return target;
    }

    private void rootHub(int bus) {
        Path hub = rootHubDir(bus);
        if (Files.isDirectory(hub)) {
            return;
        }
        mkdirs(hub);
        link(hub.resolve("subsystem"), sysRoot.resolve("bus/usb"));
        write(hub.resolve("idVendor"), "1d6b");
        write(hub.resolve("idProduct"), "0002");
        // the kernel sets a root hub's serial to the controller's bus id: the value never to take
        write(hub.resolve("serial"), hub.getParent().getFileName().toString());
        write(hub.resolve("manufacturer"), "Linux 6.1.0-18-amd64 xhci-hcd");
        write(hub.resolve("product"), "xHCI Host Controller");
        write(hub.resolve("devpath"), "0");
        write(hub.resolve("busnum"), Integer.toString(bus));
    }

    private Path rootHubDir(int bus) {
        return sysRoot.resolve("devices").resolve(controllers.getOrDefault(bus, DEFAULT_CONTROLLER))
                .resolve("usb" + bus);
    }

    private Path nonUsb(String tty, Path device, String bus) {
        mkdirs(device);
        link(device.resolve("subsystem"), sysRoot.resolve("bus").resolve(bus));
        Path ttyDir = device.resolve("tty").resolve(tty);
        ttyOwnDirs.put(tty, ttyDir);
        return classTty(tty, ttyDir, device, 4);
    }

    /** The tty class dir with its device/subsystem links, and the class/tty link to it. */
    private Path classTty(String tty, Path ttyDir, Path device, int major) {
        mkdirs(ttyDir);
        link(ttyDir.resolve("device"), device);
        link(ttyDir.resolve("subsystem"), sysRoot.resolve("class/tty"));
        write(ttyDir.resolve("dev"), major + ":0");
        write(ttyDir.resolve("uevent"), "MAJOR=" + major + "\nMINOR=0\nDEVNAME=" + tty);
        Path classLink = sysRoot.resolve("class/tty").resolve(tty);
        link(classLink, ttyDir);
        return classLink;
    }

    private static int busOf(String portPath) {
        int dash = portPath.indexOf('-');
        if (dash <= 0 || dash == portPath.length() - 1) {
            throw new IllegalArgumentException("not a USB port path like 1-1.4: " + portPath);
        }
        return Integer.parseInt(portPath.substring(0, dash));
    }

    /**
     * A relative symlink spelled as kernfs spells it (fs/kernfs/symlink.c): climb from the link's
     * directory until reaching an ancestor of the target's parent, then descend to the target. So
     * a usb-serial tty's {@code device} reads {@code ../../../ttyUSB0}, not the shorter {@code ../..}.
     */
    private void link(Path linkFile, Path target) {
        Path base = linkFile.getParent();
        StringBuilder rel = new StringBuilder();
        while (!base.equals(sysRoot) && !target.getParent().startsWith(base)) {
            rel.append("../");
            base = base.getParent();
        }
        rel.append(base.relativize(target));
        try {
            delete(linkFile);
            Files.createSymbolicLink(linkFile, Path.of(rel.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOptional(Path file, String value) {
        if (value == null) {
            delete(file);
        } else {
            write(file, value);
        }
    }

    /** sysfs show() functions end their output with a newline. */
    private static void write(Path file, String value) {
        writeRaw(file, value + "\n");
    }

    private static void writeRaw(Path file, String raw) {
        try {
            Files.write(file, raw.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a tree without following symlinks out of it. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
