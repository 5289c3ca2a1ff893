package land.keen.ser2net.discovery;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One USB serial tty as read from sysfs.
 *
 * <p>Every string is trimmed; an attribute file that is absent (many sticks have no {@code serial},
 * {@code manufacturer} or {@code product}) or holds only whitespace is {@code null}. Vendor, product
 * and interface number are lowercase hex exactly as the kernel prints them ({@code %04x}, {@code %02x}),
 * so they compare as plain strings.
 *
 * @param tty             kernel name, e.g. {@code ttyUSB0}
 * @param devNode         {@code <devRoot>/<tty>}; not checked for existence
 * @param vendorId        {@code idVendor}, e.g. {@code 10c4}
 * @param productId       {@code idProduct}, e.g. {@code ea60}
 * @param serial          {@code serial} of the USB device (never of a hub above it), or null
 * @param manufacturer    {@code manufacturer} string, or null
 * @param product         {@code product} string, or null
 * @param interfaceNumber {@code bInterfaceNumber} of the interface the tty belongs to, e.g. {@code 00}
 * @param interfaceName   the interface's {@code interface} string, or null
 * @param portPath        the USB device directory's name, e.g. {@code 1-1.4.2}: bus, then hub ports
 */
public record SerialDevice(
        String tty,
        Path devNode,
        String vendorId,
        String productId,
        String serial,
        String manufacturer,
        String product,
        String interfaceNumber,
        String interfaceName,
        String portPath) {

    public SerialDevice {
        Objects.requireNonNull(tty, "tty");
        Objects.requireNonNull(devNode, "devNode");
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(productId, "productId");
    }

    /** {@code vvvv:pppp}, the form lsusb and snippet file names ({@code 10c4:ea60.yaml}) use. */
    public String usbId() {
        return vendorId + ":" + productId;
    }

    /**
     * Who this device is, independent of the tty number the kernel happened to give it: USB id,
     * serial, port path and interface. Refusal keys use it so a refusal stays the same refusal when a
     * stick is re-plugged as ttyUSB1.
     */
    public String identity() {
        return usbId()
                + "/serial=" + (serial == null ? "" : serial)
                + "/port=" + (portPath == null ? "" : portPath)
                + "/if=" + (interfaceNumber == null ? "" : interfaceNumber);
    }

    /** One line for logs, e.g. {@code /dev/ttyUSB0 10c4:ea60 serial 0001 "CP2102 ..." port 1-1.4.2 if 00}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(devNode).append(' ').append(usbId());
        sb.append(" serial ").append(serial == null ? "(none)" : serial);
        if (product != null) {
            sb.append(" \"").append(product).append('"');
        }
        if (manufacturer != null) {
            sb.append(" by \"").append(manufacturer).append('"');
        }
        sb.append(" port ").append(portPath);
        if (interfaceNumber != null) {
            sb.append(" if ").append(interfaceNumber);
        }
        if (interfaceName != null) {
            sb.append(" (\"").append(interfaceName).append("\")");
        }
        return sb.toString();
    }
}
