package land.keen.ser2net.bridge;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

import land.keen.ser2net.spec.DeviceStrings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge's ser2net {@code openstr}, {@code closestr} and {@code closeon} (a modem's init string, hang-up string
 * and {@code NO CARRIER}), their escapes expanded as for banners.
 */
final class DeviceTexts {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    private final ServedConnection spec;
    private final DeviceRoute device;
    private final DeviceStrings strings;
    /** Null unless the connection has a closeon string (serial reader thread, reset before each open). */
    private final CloseOn closeOn;

    DeviceTexts(ServedConnection spec, DeviceRoute device) {
        this.spec = spec;
        this.device = device;
        this.strings = spec.options().deviceStrings();
        this.closeOn = CloseOn.of(strings.closeOn() == null ? null : StringFormat.text(strings.closeOn(), spec, null));
    }

    /** Before the device opens for a first client: a closeon match starts afresh. */
    void opening() {
        if (closeOn != null) {
            closeOn.reset();
        }
    }

    /** The device opened for {@code client}, the first one: openstr. */
    void opened(SocketAddress client) {
        send(strings.open(), client, "openstr");
    }

    /** The device is about to close after the last client, still working: closestr. */
    void closing() {
        send(strings.close(), null, "closestr");
    }

    /** Whether the closeon string ends in these bytes from the device (serial reader thread). */
    boolean endsConnections(byte[] data) {
        return closeOn != null && closeOn.seenIn(data, 0, data.length);
    }

    private void send(String text, SocketAddress client, String which) {
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            device.endpoint().writeToOpenDevice(StringFormat.text(text, spec, client)
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            // a device that does not take it is said, not fatal: the clients are served as without it
            LOG.warn("bridge {}: {} not sent to {}: {}", spec.name(), which, spec.device(), Wording.reason(e));
        }
    }
}
