package land.keen.ser2net.advert;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import land.keen.ser2net.discovery.SerialDevice;
import land.keen.ser2net.discovery.SysfsScanner;

/**
 * What ser2net's {@code mdns-sysattrs} adds to an advert, and the stick's serial number for snippets that put it in a
 * TXT string. A discovered stick brings its sysfs attributes along in the bridge's labels; a device from a plain
 * ser2net.yaml is looked up in sysfs by its tty name, as ser2net does.
 *
 * @param usb    false for a serial port that is not on USB (ser2net's {@code devicetype=serial}), or one not found
 * @param found  false when the device is not in sysfs at all: nothing is added then, as in ser2net
 * @param values sysfs attribute name to value, in ser2net's order; absent attributes are left out
 */
record DeviceAttributes(boolean found, boolean usb, Map<String, String> values) {

    static final DeviceAttributes NONE = new DeviceAttributes(false, false, Map.of());

    /** The USB serial number, or null. */
    String serial() {
        return values.get("serial");
    }

    /** ser2net's TXT strings: {@code devicetype=...} and then each attribute as {@code name=value}. */
    List<String> txt() {
        List<String> txt = new ArrayList<>();
        if (!found) {
            return txt;
        }
        txt.add(usb ? "devicetype=serialusb" : "devicetype=serial");
        values.forEach((k, v) -> txt.add(k + "=" + v));
        return txt;
    }

    /** From a discovered stick's labels (see app/DiscoverySource); empty when the bridge has none. */
    static Optional<DeviceAttributes> fromLabels(Map<String, String> labels) {
        String usbId = labels.get("usb-id");
        if (usbId == null || usbId.indexOf(':') < 0) {
            return Optional.empty();
        }
        Map<String, String> v = new java.util.LinkedHashMap<>();
        put(v, "bInterfaceNumber", labels.get("interface"));
        put(v, "interface", labels.get("interface-name"));
        put(v, "idProduct", usbId.substring(usbId.indexOf(':') + 1));
        put(v, "idVendor", usbId.substring(0, usbId.indexOf(':')));
        put(v, "serial", labels.get("serial"));
        put(v, "manufacturer", labels.get("manufacturer"));
        put(v, "product", labels.get("product"));
        return Optional.of(new DeviceAttributes(true, true, v));
    }

    /** Looks the device up in sysfs by its tty name: the path's own name, then that of the file it links to. */
    static DeviceAttributes fromSysfs(Path sysRoot, String device) {
        Path path = Path.of(device);
        List<String> names = new ArrayList<>();
        if (path.getFileName() != null) {
            names.add(path.getFileName().toString());
        }
        try {
            Path real = path.toRealPath();
            if (real.getFileName() != null) {
                names.add(real.getFileName().toString());
            }
        } catch (Exception e) {
            // not there (yet): the name alone may still be in sysfs
        }
        List<SerialDevice> usb = new SysfsScanner(sysRoot, Path.of("/dev")).scan();
        for (String name : names) {
            for (SerialDevice d : usb) {
                if (d.tty().equals(name)) {
                    Map<String, String> v = new java.util.LinkedHashMap<>();
                    put(v, "bInterfaceNumber", d.interfaceNumber());
                    put(v, "interface", d.interfaceName());
                    put(v, "idProduct", d.productId());
                    put(v, "idVendor", d.vendorId());
                    put(v, "serial", d.serial());
                    put(v, "manufacturer", d.manufacturer());
                    put(v, "product", d.product());
                    return new DeviceAttributes(true, true, v);
                }
            }
        }
        for (String name : names) {
            if (Files.exists(sysRoot.resolve("class").resolve("tty").resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return new DeviceAttributes(true, false, Map.of());
            }
        }
        return NONE;
    }

    private static void put(Map<String, String> v, String key, String value) {
        if (value != null) {
            v.put(key, value);
        }
    }
}
