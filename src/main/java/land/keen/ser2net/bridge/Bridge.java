package land.keen.ser2net.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import land.keen.ser2net.serial.LiveLine;
import land.keen.ser2net.serial.SerialConstants;
import land.keen.ser2net.serial.SerialEndpoint;
import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.telnet.TelnetHandlers;
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
 * The device is the bridge's device route ({@link DeviceRoute}, a {@code serial:} consumer): starting that
 * route opens the device, stopping it closes it. The route is made for the bridge's first client ever (an idle port
 * is its network route only: a terminal server's 500 lines start a quarter faster and hold less), started for the
 * first client and stopped after the last; all of that happens on one control thread per bridge, so arrivals,
 * departures, device loss and the bridge's removal never race.
 * <p>
 * As a {@link Processor} it is the last step of the device route: it copies each chunk to every client.
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
    /** The device route: made for the first client, started for each first client, stopped after the last. */
    private final DeviceRoute deviceRoute;
    /** In order of arrival: the first is the one kickolduser removes. */
    private final List<Channel> clients = new CopyOnWriteArrayList<>();
    private volatile boolean deviceOpen;
    /** The state the last reconcile pass saw, so an operator's stop or start is logged once. */
    private BridgeState lastSeen = BridgeState.LISTENING;
    private final BridgeStats stats = new BridgeStats();
    /** Writes to the device, on a thread of this bridge's own while clients write (see {@link DeviceWriter}). */
    private final DeviceWriter writer;
    /** How soon a client whose network vanished is dropped: the app's settings with the connection's own. */
    private final Keepalive keepalive;
    private final boolean rfc2217;
    /** The once-a-second look at the clients, while there are clients (control thread only). */
    private ScheduledFuture<?> tick;
    /** Null unless the connection asks for a trace. */
    private final Trace trace;
    /** ser2net's openstr, closestr and closeon. */
    private final DeviceTexts texts;

    /** Fails, naming the file or host, when a TLS file cannot be read or a remaddr host cannot be resolved. */
    Bridge(ServedConnection spec, CamelContext context, Keepalive keepalive, DeviceRouteMaker deviceRouteMaker)
            throws IOException {
        this.spec = spec;
        this.context = context;
        this.deviceRoute = new DeviceRoute(context, spec, () -> deviceRouteMaker.add(this));
        this.gate = new ClientGate(this);
        AccepterSpec accepter = spec.connection().accepter();
        this.rfc2217 = accepter.telnet() == AccepterSpec.Telnet.RFC2217;
        var own = spec.options().socket();
        this.keepalive = keepalive.with(own.keepaliveIdle(), own.keepaliveInterval(), own.keepaliveCount(),
                own.tcpUserTimeout());
        this.pipeline = new PortPipeline(this, RemoteFilter.of(spec.options().remaddr()), TlsContexts.of(accepter.tls()),
                accepter.telnet(), rfc2217 ? new RemoteSerialControl(spec.name(), spec.options().signature(), this::line) : null);
        // an idle bridge has no thread of its own: this one starts for an arrival and ends a little after
        this.control = DeviceWriter.onDemandThread(context, this, "Bridge[" + spec.name() + "]", 5);
        this.writer = new DeviceWriter(context, this, spec.name(), () -> {
            SerialEndpoint d = deviceRoute.endpoint();
            return d != null && d.isOutputDrained();
        });
        this.trace = Trace.open(spec.options().trace(), spec);
        this.texts = new DeviceTexts(spec, deviceRoute);
    }

    /** The live line of the device, for RFC 2217 clients. */
    private LiveLine line() {
        SerialEndpoint d = deviceRoute.endpoint();
        if (d == null) {
            throw new IllegalStateException("bridge " + spec.name() + " has no device route");
        }
        return d.line();
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
        return writer;
    }

    Keepalive keepalive() {
        return keepalive;
    }

    public boolean isDeviceOpen() {
        return deviceOpen;
    }

    /** What the port does now (see {@link BridgeState}). */
    public BridgeState state() {
        return BridgeState.of(context, spec, deviceOpen);
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
        if (!deviceOpen) {
            // nothing to close: an idle bridge wakes no thread of its own on every pass
            return;
        }
        onControlThread(() -> {
            org.apache.camel.ServiceStatus device = deviceRoute.status();
            if (deviceOpen && (device == null || !device.isStarted())) {
                deviceOpen = false;
                LOG.warn("bridge {}: device {} closed by operator (route {} {}); closing {} client(s)", spec.name(),
                        spec.device(), deviceRoute.id(), device == null ? "removed" : device.name().toLowerCase(
                                java.util.Locale.ROOT), clients.size());
                stats.lastError = "device closed by operator";
                closeAllClients();
            }
        });
    }

    public List<Channel> clients() {
        return List.copyOf(clients);
    }

    public List<ClientSession> sessions() {
        return clients.stream().map(ClientSession::of).toList();
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
        for (Channel client : clients) {
            ClientSession session = ClientSession.of(client);
            if (!client.isWritable() && session.tooSlow(client)) {
                // it stopped reading: the device and the other clients must not wait for it (ser2net#139)
                dropSlowClient(client);
                continue;
            }
            session.bytesFromDevice.addAndGet(data.length);
            client.writeAndFlush(Unpooled.wrappedBuffer(data), client.voidPromise());
        }
        if (texts.endsConnections(data)) {
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
        closeAllClients();
        closeDevice();
    }

    /** A TCP client connected: hold its input until it is admitted and the device is open. */
    void clientArrived(Channel channel) {
        channel.config().setAutoRead(false);
        onControlThread(() -> admit(channel));
    }

    void clientLeft(Channel channel) {
        writer.forget(channel);
        onControlThread(() -> {
            if (clients.remove(channel)) {
                boolean last = clients.isEmpty() && deviceOpen;
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
        forgetClientsThatLeft();
        // the socket before the gate: bytes move from the one to the other as the network thread reads them
        if (SocketTransport.peerGone(channel) && !SocketTransport.unreadBytes(channel) && gate.heldBytes(channel) == 0) {
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
            Channel oldest = clients.remove(0);
            LOG.info("bridge {}: client {} kicked by {} (kickolduser)", spec.name(), address(oldest), address(channel));
            stats.kicked.incrementAndGet();
            refuse(oldest, KICKED);
        }
        if (!deviceOpen) {
            try {
                deviceRoute.ensure();
            } catch (Exception e) {
                refuseOpenFailure(channel, e);
                return;
            }
        }
        if (!deviceOpen && deviceInUseElsewhere()) {
            LOG.info("bridge {}: client {} refused: device {} is in use by another connection", spec.name(),
                    address(channel), spec.device());
            stats.refused.incrementAndGet();
            refuse(channel, DEVICE_IN_USE);
            return;
        }
        boolean opening = !deviceOpen;
        if (!deviceOpen) {
            try {
                texts.opening();
                deviceRoute.start();
                deviceOpen = true;
                LOG.debug("bridge {}: device {} opened", spec.name(), spec.device());
                texts.opened(channel.remoteAddress());
            } catch (Exception e) {
                refuseOpenFailure(channel, e);
                return;
            }
        }
        clients.add(channel);
        if (tick == null) {
            // a client that stopped reading is also found when the device has gone quiet after a burst; RFC 2217
            // clients hear of modem and line state changes unprompted, as ser2net tells them (its 1 s poll)
            tick = channel.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
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
        // a client that sent a command and hung up before it was admitted (a script's `echo AT | nc`) has no network
        // side left to carry its bytes: they come back here and go to the device before its departure, queued behind
        // this, closes the device
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
            deviceRoute.endpoint().writeToOpenDevice(held);
        } catch (IOException | RuntimeException e) {
            LOG.warn("bridge {}: {} bytes of client {} not written to {}: {}", spec.name(), held.length,
                    address(channel), spec.device(), reason(e));
        }
    }

    /**
     * Only open connections count against max-connections: a client whose side is already closed is let go now,
     * though its own end-of-stream event may still be on its way (issue 9 §2). The device stays open for the
     * newcomer being admitted.
     */
    private void forgetClientsThatLeft() {
        for (Channel client : clients) {
            if (SocketTransport.peerGone(client) && clients.remove(client)) {
                LOG.info("bridge {}: client {} disconnected", spec.name(), address(client));
                client.close();
            }
        }
    }

    /** Once a second on a network thread while there are clients (writes to another channel hop onto its loop). */
    private void tick() {
        for (Channel client : clients) {
            if (!client.isWritable() && ClientSession.of(client).tooSlow(client)) {
                dropSlowClient(client);
            } else if (rfc2217) {
                // sends NOTIFY-MODEMSTATE / NOTIFY-LINESTATE when the lines changed under the client's masks
                TelnetHandlers.pollModemState(client);
            }
        }
    }

    private void dropSlowClient(Channel client) {
        if (clients.remove(client)) {
            LOG.warn("bridge {}: client {} dropped: too slow, {} bytes of device output waiting", spec.name(),
                    address(client), ClientSession.pending(client));
            client.close();
            onControlThread(() -> {
                if (clients.isEmpty()) {
                    closeDevice();
                }
            });
        }
    }

    /** Another connection of the same device (two ports on one stick, as ser2net allows) has it open now. */
    private boolean deviceInUseElsewhere() {
        SerialEndpoint d = deviceRoute.endpoint();
        return d != null && d.isOpen();
    }

    private void deviceLost(String reason) {
        if (!deviceOpen) {
            return;
        }
        stats.deviceLost.incrementAndGet();
        stats.lastError = "device lost: " + reason;
        LOG.warn("bridge {}: device {} lost ({}); closing {} client(s), port {} keeps listening", spec.name(),
                spec.device(), reason, clients.size(), spec.port());
        closeAllClients();
        closeDevice(false);
    }

    private void closeDevice() {
        closeDevice(true);
    }

    /** {@code hangUp}: the device still works, so ser2net's closestr is sent before it closes. */
    private void closeDevice(boolean hangUp) {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (!deviceOpen) {
            return;
        }
        if (hangUp) {
            // the last client's last bytes first (a command sent just before it hung up), then closestr
            writer.awaitWritten(2000);
            texts.closing();
        }
        try {
            deviceRoute.stop();
            LOG.debug("bridge {}: device {} closed", spec.name(), spec.device());
        } catch (Exception e) {
            LOG.warn("bridge {}: closing device {} failed: {}", spec.name(), spec.device(), reason(e));
        } finally {
            // only now: "not open" must mean the OS port is really closed (another port on the stick may take it)
            deviceOpen = false;
        }
    }

    /** Closes every client and the device; used when the bridge is removed. */
    void shutdown() {
        onControlThread(() -> {
            closeAllClients();
            closeDevice();
            deviceRoute.remove();
        });
        context.getExecutorServiceManager().shutdownGraceful(control, 10_000);
        writer.shutdown();
        if (trace != null) {
            trace.close();
        }
    }

    /** Ends every client's connection (control thread); the device stays as it is. */
    private void closeAllClients() {
        List<Channel> gone = List.copyOf(clients);
        clients.clear();
        gone.forEach(Channel::close);
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
