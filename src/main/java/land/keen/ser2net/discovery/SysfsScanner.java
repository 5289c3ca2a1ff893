package land.keen.ser2net.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import land.keen.ser2net.files.BoundedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the USB serial ttys under a sysfs root: plain file reads, no Camel, no device I/O.
 *
 * <p>The walk follows the kernel's own layout rather than searching: from
 * {@code class/tty/NAME/device} it goes up a fixed number of levels depending on the bus named by
 * the device's {@code subsystem} link, and never further. Walking up until a {@code serial} file
 * turns up would find the root hub's, which is the host controller's address, not the stick's.
 *
 * <p>sysfs changes under our feet (a stick pulled mid-scan), so nothing read here is allowed to
 * throw out of {@link #scan()}: each tty that cannot be read is logged and skipped.
 */
public final class SysfsScanner {

    private static final Logger LOG = LoggerFactory.getLogger(SysfsScanner.class);

    /**
     * Names of serial ttys worth looking at (on-board, USB, Bluetooth, SoC UARTs); whole-name match so ttyUSB1234 and
     * tty1 stay out. Besides the kernel's own drivers, the vendor drivers users install for sticks the kernel serves
     * differently: WCH's ch341ser/ch343ser/ch9344ser (ttyCH341USB0, ttyCH343USB0: a Sonoff ZBDongle-E's CH9102 with
     * WCH's driver), Exar's xr_usb_serial (ttyXRUSB0) and Moxa's UPort driver (ttyMXUSB0). Whether a tty is a USB
     * device is then read from its sysfs links, not its name.
     */
    static final Pattern CANDIDATE = Pattern.compile(
            "(ttyS|ttyHS|ttyUSB|ttyACM|ttyAMA|rfcomm|ttyO|ttymxc"
            + "|ttyCH341USB|ttyCH343USB|ttyCH9344USB|ttyXRUSB|ttyMXUSB)[0-9]{1,3}");

    private static final Pattern HEX4 = Pattern.compile("[0-9a-f]{4}");

    /** Natural order: ttyUSB2 before ttyUSB10, so logs and assignments read the way people count. */
    static final Comparator<String> TTY_ORDER = SysfsScanner::compareTtyNames;

    private static final Pattern NAME_NUMBER = Pattern.compile("(.*?)([0-9]+)");

    private final Path sysRoot;
    private final Path devRoot;
    /** The listing problem last logged, so a missing sysfs is said once. */
    private volatile String listProblem;
    /** Attribute files already reported as too large. */
    private final java.util.Set<Path> oversized = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SysfsScanner() {
        this(Path.of("/sys"), Path.of("/dev"));
    }

    public SysfsScanner(Path sysRoot, Path devRoot) {
        this.sysRoot = sysRoot;
        this.devRoot = devRoot;
    }

    public Path sysRoot() {
        return sysRoot;
    }

    public Path devRoot() {
        return devRoot;
    }

    /** USB serial devices present now, sorted by tty name (natural order). Never throws for I/O. */
    public List<SerialDevice> scan() {
        Path classTty = sysRoot.resolve("class").resolve("tty");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(classTty)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (CANDIDATE.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a laptop or a container without /sys: said once, not on every scan
            String problem = "cannot list " + classTty + " (ser2net.sysfs-root): " + e + "; no serial devices found";
            if (!problem.equals(listProblem)) {
                LOG.warn("{}", problem);
                listProblem = problem;
            }
            return List.of();
        }
        if (listProblem != null) {
            LOG.info("{} can be listed again", classTty);
            listProblem = null;
        }
        names.sort(TTY_ORDER);

        List<SerialDevice> devices = new ArrayList<>();
        for (String name : names) {
            try {
                readDevice(classTty.resolve(name), name).ifPresent(devices::add);
            } catch (IOException | RuntimeException e) {
                // e.g. unplugged between listing and reading; the next scan will tell.
                LOG.debug("Skipping {}: {}", name, e.toString());
            }
        }
        return List.copyOf(devices);
    }

    private Optional<SerialDevice> readDevice(Path ttyClassEntry, String tty) throws IOException {
        Path deviceLink = ttyClassEntry.resolve("device");
        if (!Files.exists(deviceLink, LinkOption.NOFOLLOW_LINKS)) {
            // rfcomm, virtual consoles: no bus behind them
            LOG.debug("Skipping {}: no device link", tty);
            return Optional.empty();
        }
        // toRealPath lets the OS resolve each relative link from the directory it really sits in,
        // which is what the kernel's "../../../ttyUSB0"-style targets assume; resolving them
        // textually against class/tty/NAME would land somewhere else entirely.
        Path device = deviceLink.toRealPath();
        String subsystem = subsystemOf(device);
        Path iface;
        if ("usb-serial".equals(subsystem)) {
            // .../1-1.4.2/1-1.4.2:1.0/ttyUSB0: the usb-serial port sits under its interface
            iface = device.getParent();
        } else if ("usb".equals(subsystem)) {
            // cdc_acm binds the interface itself: .../1-1.4.2/1-1.4.2:1.0
            iface = device;
        } else {
            LOG.debug("Skipping {}: bus {} is not USB", tty, subsystem);
            return Optional.empty();
        }
        Path usbDevice = iface == null ? null : iface.getParent();
        if (usbDevice == null || usbDevice.getFileName() == null) {
            LOG.debug("Skipping {}: {} has no USB device above it", tty, device);
            return Optional.empty();
        }
        String portPath = usbDevice.getFileName().toString();
        // An interface dir is always "<usb device>:<config>.<interface>"; anything else means the
        // layout is not what we think, and reading attributes from it would be guessing.
        if (!iface.getFileName().toString().startsWith(portPath + ":")) {
            LOG.debug("Skipping {}: {} is not an interface of {}", tty, iface, usbDevice);
            return Optional.empty();
        }

        String vendor = lowerHex(readAttr(usbDevice, "idVendor"));
        String product = lowerHex(readAttr(usbDevice, "idProduct"));
        if (vendor == null || product == null) {
            LOG.debug("Skipping {}: cannot read idVendor/idProduct in {}", tty, usbDevice);
            return Optional.empty();
        }
        String ifNumber = readAttr(iface, "bInterfaceNumber");
        return Optional.of(new SerialDevice(
                tty,
                devRoot.resolve(tty),
                vendor,
                product,
                readAttr(usbDevice, "serial"),
                readAttr(usbDevice, "manufacturer"),
                readAttr(usbDevice, "product"),
                ifNumber == null ? null : ifNumber.toLowerCase(Locale.ROOT),
                readAttr(iface, "interface"),
                portPath));
    }

    /** The bus name: the file name of the target of the device's {@code subsystem} link. */
    private static String subsystemOf(Path device) throws IOException {
        Path link = device.resolve("subsystem");
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        Path target = Files.readSymbolicLink(link).getFileName();
        return target == null ? null : target.toString();
    }

    /** Trimmed attribute text, or null when the file is absent, unreadable, blank or oversized. */
    private String readAttr(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String value = new String(BoundedFiles.read(file, BoundedFiles.ATTRIBUTE_LIMIT), StandardCharsets.UTF_8)
                    .strip();
            return value.isEmpty() ? null : value;
        } catch (BoundedFiles.TooLargeException e) {
            if (oversized.add(file)) {
                LOG.warn("sysfs attribute {} ignored: {}", file, e.getMessage());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read {}: {}", file, e.toString());
            return null;
        }
    }

    private static String lowerHex(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return HEX4.matcher(lower).matches() ? lower : null;
    }

    static int compareTtyNames(String a, String b) {
        Matcher ma = NAME_NUMBER.matcher(a);
        Matcher mb = NAME_NUMBER.matcher(b);
        if (ma.matches() && mb.matches()) {
            int byPrefix = ma.group(1).compareTo(mb.group(1));
            if (byPrefix != 0) {
                return byPrefix;
            }
            // at most a few digits here, but compare by length first so no overflow is possible
            String na = ma.group(2).replaceFirst("^0+(?=.)", "");
            String nb = mb.group(2).replaceFirst("^0+(?=.)", "");
            int byNumber = na.length() != nb.length()
                    ? Integer.compare(na.length(), nb.length())
                    : na.compareTo(nb);
            if (byNumber != 0) {
                return byNumber;
            }
        }
        return a.compareTo(b);
    }
}
