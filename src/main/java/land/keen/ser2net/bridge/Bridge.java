package land.keen.ser2net.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import land.keen.ser2net.serial.SerialConstants;
import land.keen.ser2net.spec.AccepterSpec;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static land.keen.ser2net.bridge.Wording.DEVICE_IN_USE;
import static land.keen.ser2net.bridge.Wording.KICKED;
import static land.keen.ser2net.bridge.Wording.OPEN_FAILURE;
import static land.keen.ser2net.bridge.Wording.PORT_IN_USE;
import static land.keen.ser2net.bridge.Wording.address;
import static land.keen.ser2net.bridge.Wording.reason;
import static land.keen.ser2net.bridge.Wording.refuse;

/**
 * ser2net's behaviour for one port: who may connect, when the device is open, and device output to every client.
 * <p>
 * The device ({@link BridgeDevice}) is the bridge's device route ({@link DeviceRoute}, a {@code serial:} consumer):
 * starting that route opens the device, stopping it closes it. The route is made for the bridge's first client ever
 * (an idle port is its network route only: a terminal server's 500 lines start a quarter faster and hold less),
 * started for the first client and stopped after the last; all of that happens on one control thread per bridge, so
 * arrivals, departures, device loss and the bridge's removal never race.
 * <p>
 * As a {@link Processor} it is the last step of the device route: it copies each chunk to every client
 * ({@link BridgeClients}).
 */
public final class Bridge implements Processor {

    /** Adds the bridge's device route (from routes/bridge.yaml), stopped. */
    interface DeviceRouteMaker {
        void add(Bridge bridge) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    private final ServedConnection spec;
    private final CamelContext context;
    private final ExecutorService control;
    private final ClientGate gate;
    private final PortPipeline pipeline;
    /** The device: its route made for the first client, opened for each first client, closed after the last. */
    private final BridgeDevice device;
    /** Admitted clients, in order of arrival. */
    private final BridgeClients clients;
    /** The state the last reconcile pass saw, so an operator's stop or start is logged once. */
    private BridgeState lastSeen = BridgeState.LISTENING;
    private final BridgeStats stats = new BridgeStats();
    /** How soon a client whose network vanished is dropped: the app's settings with the connection's own. */
    private final Keepalive keepalive;
    /** The once-a-second look at the clients, while there are clients (control thread only). */
    private ScheduledFuture<?> tick;
    /** Null unless the connection asks for a trace. */
    private final Trace trace;

    /** Fails, naming the file or host, when a TLS file cannot be read or a remaddr host cannot be resolved. */
    Bridge(ServedConnection spec, CamelContext context, Keepalive keepalive, DeviceRouteMaker deviceRouteMaker)
            throws IOException {
        this.spec = spec;
        this.context = context;
        this.device = new BridgeDevice(context, this, spec, () -> deviceRouteMaker.add(this));
        this.gate = new ClientGate(this);
        AccepterSpec accepter = spec.connection().accepter();
        boolean rfc2217 = accepter.telnet() == AccepterSpec.Telnet.RFC2217;
        this.clients = new BridgeClients(spec.name(), rfc2217, this::slowClientDropped);
        var own = spec.options().socket();
        this.keepalive = keepalive.with(own.keepaliveIdle(), own.keepaliveInterval(), own.keepaliveCount(),
                own.tcpUserTimeout());
        RemoteSerialControl serialControl = rfc2217
                ? new RemoteSerialControl(spec.name(), spec.options().signature(), device::line) : null;
        this.pipeline = new PortPipeline(this, RemoteFilter.of(spec.options().remaddr()),
                TlsContexts.of(accepter.tls()), accepter.telnet(), serialControl);
        // an idle bridge has no thread of its own: this one starts for an arrival and ends a little after
        this.control = DeviceWriter.onDemandThread(context, this, "Bridge[" + spec.name() + "]", 5);
        this.trace = Trace.open(spec.options().trace(), spec);
    }

    public ServedConnection spec() {
        return spec;
    }

    ClientGate gate() {
        return gate;
    }

    PortPipeline pipeline() {
        return pipeline;
    }

    DeviceWriter writer() {
        return device.writer();
    }

    Keepalive keepalive() {
        return keepalive;
    }

    public boolean isDeviceOpen() {
        return device.isOpen();
    }

    /** What the port does now (see {@link BridgeState}). */
    public BridgeState state() {
        return BridgeState.of(context, spec, device.isOpen());
    }

    /**
     * Called on each event of this bridge's routes and on every reconcile pass: says once when an operator stopped or
     * started the bridge's routes, and treats a device route stopped from outside (device closed under its clients)
     * like a lost device. An operator's stop is respected: nothing here starts a route again.
     */
    synchronized void observeOperator() {
        if (context.isStopping() || context.isStopped()) {
            // Camel stops every route at shutdown: that is not an operator's doing
            return;
        }
        BridgeState now = state();
        BridgeState.logChange(spec, lastSeen, now);
        lastSeen = now;
        if (!device.isOpen()) {
            // nothing to close: an idle bridge wakes no thread of its own on every pass
            return;
        }
        onControlThread(() -> {
            String how = device.closedFromOutside();
            if (how != null) {
                LOG.warn("bridge {}: device {} closed by operator ({}); closing {} client(s)", spec.name(),
                        spec.device(), how, clients.size());
                stats.lastError = "device closed by operator";
                clients.closeAll();
            }
        });
    }

    public List<Channel> clients() {
        return clients.list();
    }

    public List<ClientSession> sessions() {
        return clients.list().stream().map(ClientSession::of).toList();
    }

    public BridgeStats stats() {
        return stats;
    }

    /** Device output (or the device's last word) from the device route. */
    @Override
    public void process(Exchange exchange) {
        String event = exchange.getIn().getHeader(SerialConstants.EVENT, String.class);
        if (SerialConstants.EVENT_DISCONNECTED.equals(event)) {
            String reason = exchange.getIn().getHeader(SerialConstants.ERROR, String.class);
            onControlThread(() -> deviceLost(reason));
            return;
        }
        byte[] data = exchange.getIn().getBody(byte[].class);
        if (data == null || data.length == 0) {
            return;
        }
        stats.bytesFromDevice.addAndGet(data.length);
        if (trace != null) {
            trace.read(data, 0, data.length);
        }
        clients.send(data);
        if (device.endsConnections(data)) {
            // ser2net's closeon (a modem's NO CARRIER): the clients have the bytes, then their connections end
            onControlThread(this::closeOnSeen);
        }
    }

    private void closeOnSeen() {
        if (clients.isEmpty()) {
            return;
        }
        LOG.info("bridge {}: closeon string seen from {}; closing {} client(s)", spec.name(), spec.device(),
                clients.size());
        clients.closeAll();
        closeDevice();
    }

    /** A TCP client connected: hold its input until it is admitted and the device is open. */
    void clientArrived(Channel channel) {
        channel.config().setAutoRead(false);
        onControlThread(() -> admit(channel));
    }

    void clientLeft(Channel channel) {
        writer().forget(channel);
        onControlThread(() -> {
            if (clients.remove(channel)) {
                boolean last = clients.isEmpty() && device.isOpen();
                if (last) {
                    closeDevice();
                }
                LOG.info("bridge {}: client {} disconnected{}", spec.name(), address(channel),
                        last ? ", device " + spec.device() + " closed" : "");
            }
        });
    }

    /** Bytes a client sent on their way to the device (counted before they are written). */
    void fromClient(Channel channel, ByteBuf data) {
        int bytes = data.readableBytes();
        stats.bytesToDevice.addAndGet(bytes);
        ClientSession.of(channel).bytesToDevice.addAndGet(bytes);
        if (trace != null) {
            byte[] copy = new byte[bytes];
            data.getBytes(data.readerIndex(), copy);
            trace.write(copy, 0, bytes);
        }
    }

    void clientIdle(Channel channel) {
        LOG.info("bridge {}: client {} closed after {} s idle", spec.name(), address(channel),
                spec.options().timeoutSeconds());
        channel.close();
    }

    private void admit(Channel channel) {
        // the device stays open for the newcomer being admitted
        clients.forgetThoseThatLeft();
        // the socket before the gate: bytes move from the one to the other as the network thread reads them
        if (SocketTransport.peerGone(channel) && !SocketTransport.unreadBytes(channel)
            && gate.heldBytes(channel) == 0) {
            // a probe that connected and closed at once: nothing to serve (a client that sent a command and hung up
            // at once is served: its bytes reach the device)
            LOG.debug("bridge {}: client {} left before it was admitted", spec.name(), address(channel));
            channel.close();
            if (clients.isEmpty()) {
                closeDevice();
            }
            return;
        }
        if (clients.size() >= spec.options().maxConnections()) {
            if (!spec.options().kickOldUser() || clients.isEmpty()) {
                LOG.info("bridge {}: client {} refused: port already in use ({} of max-connections {})", spec.name(),
                        address(channel), clients.size(), spec.options().maxConnections());
                stats.refused.incrementAndGet();
                refuse(channel, PORT_IN_USE);
                return;
            }
            Channel oldest = clients.removeOldest();
            LOG.info("bridge {}: client {} kicked by {} (kickolduser)", spec.name(), address(oldest), address(channel));
            stats.kicked.incrementAndGet();
            refuse(oldest, KICKED);
        }
        try {
            device.prepare();
        } catch (Exception e) {
            refuseOpenFailure(channel, e);
            return;
        }
        if (device.inUseElsewhere()) {
            LOG.info("bridge {}: client {} refused: device {} is in use by another connection", spec.name(),
                    address(channel), spec.device());
            stats.refused.incrementAndGet();
            refuse(channel, DEVICE_IN_USE);
            return;
        }
        boolean opening = !device.isOpen();
        if (opening) {
            try {
                device.open(channel.remoteAddress());
            } catch (Exception e) {
                refuseOpenFailure(channel, e);
                return;
            }
        }
        clients.add(channel);
        if (tick == null) {
            // a client that stopped reading is also found when the device has gone quiet after a burst; RFC 2217
            // clients hear of modem and line state changes unprompted, as ser2net tells them (its 1 s poll)
            tick = channel.eventLoop().scheduleAtFixedRate(clients::tick, 1, 1, TimeUnit.SECONDS);
        }
        stats.accepted.incrementAndGet();
        if (spec.options().banner() != null) {
            channel.writeAndFlush(Unpooled.copiedBuffer(
                    StringFormat.text(spec.options().banner(), spec, channel.remoteAddress()),
                    StandardCharsets.ISO_8859_1));
        }
        // one line per client: the device opening for it is part of the same event
        LOG.info("bridge {}: client {} connected to {}{}", spec.name(), address(channel), spec.device(),
                opening ? " (device opened)" : "");
        // held bytes go on through the route now, also a command sent just before a hang-up (half-closure keeps the
        // pipeline); a client whose connection was reset before it was admitted has no pipeline left to carry its
        // bytes: they come back here and go to the device before its departure, queued behind this, closes it
        try {
            writeHeld(channel, gate.admitted(channel).get(2, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("bridge {}: client {}: {}", spec.name(), address(channel), reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuseOpenFailure(Channel channel, Exception e) {
        String reason = reason(e);
        stats.openFailures.incrementAndGet();
        stats.refused.incrementAndGet();
        stats.lastError = "device open failure: " + reason;
        LOG.warn("bridge {}: client {} refused: device open failure: {}", spec.name(), address(channel), reason);
        refuse(channel, OPEN_FAILURE + reason + "\r\n");
    }

    private void writeHeld(Channel channel, byte[] held) {
        if (held.length == 0) {
            return;
        }
        fromClient(channel, Unpooled.wrappedBuffer(held));
        try {
            device.write(held);
        } catch (IOException | RuntimeException e) {
            LOG.warn("bridge {}: {} bytes of client {} not written to {}: {}", spec.name(), held.length,
                    address(channel), spec.device(), reason(e));
        }
    }

    /** A client was dropped for not reading: the device closes if it was the last. */
    private void slowClientDropped() {
        onControlThread(() -> {
            if (clients.isEmpty()) {
                closeDevice();
            }
        });
    }

    private void deviceLost(String reason) {
        if (!device.isOpen()) {
            return;
        }
        stats.deviceLost.incrementAndGet();
        stats.lastError = "device lost: " + reason;
        LOG.warn("bridge {}: device {} lost ({}); closing {} client(s), port {} keeps listening", spec.name(),
                spec.device(), reason, clients.size(), spec.port());
        clients.closeAll();
        closeDevice(false);
    }

    private void closeDevice() {
        closeDevice(true);
    }

    /** {@code hangUp}: the device still works, so the last client's last bytes and closestr go before it closes. */
    private void closeDevice(boolean hangUp) {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        device.close(hangUp);
    }

    /** Closes every client and the device; used when the bridge is removed. */
    void shutdown() {
        onControlThread(() -> {
            clients.closeAll();
            closeDevice();
            device.remove();
        });
        context.getExecutorServiceManager().shutdownGraceful(control, 10_000);
        writer().shutdown();
        if (trace != null) {
            trace.close();
        }
    }

    private void onControlThread(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("bridge {}: {}", spec.name(), e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("bridge {} is shutting down; ignoring a late event", spec.name());
        }
    }
}
