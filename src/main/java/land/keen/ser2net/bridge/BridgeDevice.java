package land.keen.ser2net.bridge;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Locale;

import land.keen.ser2net.serial.LiveLine;
import land.keen.ser2net.serial.SerialEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge's device as its clients see it: opened for the first client (ser2net's openstr sent), closed after the
 * last (its last bytes and closestr out first), lost, or closed from outside by an operator. {@link #isOpen()} and
 * the device's output are read on any thread; opening and closing happen on the bridge's control thread only.
 */
final class BridgeDevice {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");
    /** How long a closing device waits for the clients' bytes still queued for it. */
    private static final long LAST_BYTES_MILLIS = 2000;

    private final ServedConnection spec;
    private final DeviceRoute route;
    private final DeviceTexts texts;
    /** Writes to the device, on a thread of this bridge's own while clients write (see {@link DeviceWriter}). */
    private final DeviceWriter writer;
    /** True from a successful open until the OS port is really closed (another port on the stick may take it). */
    private volatile boolean open;

    BridgeDevice(CamelContext context, Object owner, ServedConnection spec, DeviceRoute.Maker maker) {
        this.spec = spec;
        this.route = new DeviceRoute(context, spec, maker);
        this.texts = new DeviceTexts(spec, route);
        this.writer = new DeviceWriter(context, owner, spec.name(), () -> {
            SerialEndpoint d = route.endpoint();
            return d != null && d.isOutputDrained();
        });
    }

    boolean isOpen() {
        return open;
    }

    DeviceWriter writer() {
        return writer;
    }

    /** The live line of the device, for RFC 2217 clients. */
    LiveLine line() {
        SerialEndpoint d = route.endpoint();
        if (d == null) {
            throw new IllegalStateException("bridge " + spec.name() + " has no device route");
        }
        return d.line();
    }

    /** Before a first client: makes the device route unless it is there (first client ever, or removed). */
    void prepare() throws Exception {
        if (!open) {
            route.ensure();
        }
    }

    /** Another connection of the same device (two ports on one stick, as ser2net allows) has it open now. */
    boolean inUseElsewhere() {
        SerialEndpoint d = route.endpoint();
        return !open && d != null && d.isOpen();
    }

    /** Opens the device for its first client and sends openstr; fails with the reason when it cannot be opened. */
    void open(SocketAddress firstClient) throws Exception {
        texts.opening();
        route.start();
        open = true;
        LOG.debug("bridge {}: device {} opened", spec.name(), spec.device());
        texts.opened(firstClient);
    }

    /** Whether ser2net's closeon string ends in these bytes from the device (serial reader thread). */
    boolean endsConnections(byte[] data) {
        return texts.endsConnections(data);
    }

    /** Writes bytes of a client whose network side is gone already (it sent a command and hung up). */
    void write(byte[] bytes) throws IOException {
        route.endpoint().writeToOpenDevice(bytes);
    }

    /**
     * Closes the device; {@code hangUp}: it still works, so the clients' last queued bytes and then closestr are
     * written first.
     */
    void close(boolean hangUp) {
        if (!open) {
            return;
        }
        if (hangUp) {
            writer.awaitWritten(LAST_BYTES_MILLIS);
            texts.closing();
        }
        try {
            route.stop();
            LOG.debug("bridge {}: device {} closed", spec.name(), spec.device());
        } catch (Exception e) {
            LOG.warn("bridge {}: closing device {} failed: {}", spec.name(), spec.device(), Wording.reason(e));
        } finally {
            open = false;
        }
    }

    /**
     * Whether an operator stopped or removed the device route under the clients (in Hawtio): then the device counts
     * as closed and the answer says how ("route bridge-x-device stopped"); null while it is as the bridge left it.
     */
    String closedFromOutside() {
        ServiceStatus status = route.status();
        if (!open || (status != null && status.isStarted())) {
            return null;
        }
        open = false;
        return "route " + route.id() + " " + (status == null ? "removed" : status.name().toLowerCase(Locale.ROOT));
    }

    /** With the bridge: removes a device route a late client made, then ends the writer's thread. */
    void remove() {
        route.remove();
    }
}
