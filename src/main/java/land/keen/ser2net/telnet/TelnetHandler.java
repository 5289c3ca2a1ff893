package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.IAC;
import static land.keen.ser2net.telnet.Telnet.OPT_BINARY;
import static land.keen.ser2net.telnet.Telnet.OPT_COM_PORT;
import static land.keen.ser2net.telnet.Telnet.OPT_SGA;
import static land.keen.ser2net.telnet.Telnet.SB;
import static land.keen.ser2net.telnet.Telnet.SE;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side telnet (RFC 854/855/856/858) with optional RFC 2217 COM-PORT-OPTION, as one Netty handler that
 * sits next to the socket (after TLS, before any byte codec). Not sharable: each connection gets its own.
 *
 * <ul>
 * <li>Inbound: reads the client's stream and passes on only data, as {@link ByteBuf}s (IAC IAC becomes one
 * 0xFF; commands are consumed; outside BINARY, CR NUL becomes CR). Negotiations and RFC 2217 requests are
 * answered from here, straight to the socket.</li>
 * <li>Outbound: {@link ByteBuf} or {@code byte[]} device data gets every 0xFF doubled; while the client has
 * suspended flow (FLOWCONTROL-SUSPEND) it is held back, up to a bound, and sent on RESUME.</li>
 * </ul>
 *
 * On connect it offers WILL/DO BINARY, WILL/DO SGA and, with RFC 2217, WILL COM-PORT-OPTION; everything
 * else is refused. Bad input is logged at debug and skipped; nothing is thrown to the pipeline.
 */
public final class TelnetHandler extends ChannelDuplexHandler {

    public static final int DEFAULT_MAX_SUBNEGOTIATION = 256;
    public static final int DEFAULT_MAX_SUSPENDED_BYTES = 64 * 1024;

    /** Set on the channel while the client has suspended flow; readable without a handler lookup. */
    public static final AttributeKey<Boolean> SUSPENDED = AttributeKey.valueOf("land.keen.ser2net.telnet.suspended");

    private static final Logger LOG = LoggerFactory.getLogger(TelnetHandler.class);

    private final boolean rfc2217;
    private final TelnetParser parser;
    private final OptionNegotiator options;
    private final ComPortServer comPort;
    private final Glue glue = new Glue();
    private final OutboundData outbound;

    private ChannelHandlerContext ctx;
    private boolean started;
    private ByteBuf data;           // inbound data gathered during one read, fired as one buffer
    private volatile boolean suspended; // volatile: read from other threads through SUSPENDED
    private boolean warnedDrop;
    private boolean unflushed;          // answers written since the last flush

    /** Telnet with RFC 2217 if {@code rfc2217}; {@code control} may be null without RFC 2217. */
    public TelnetHandler(boolean rfc2217, SerialControl control) {
        this(rfc2217, control, DEFAULT_MAX_SUBNEGOTIATION, DEFAULT_MAX_SUSPENDED_BYTES);
    }

    /**
     * @param maxSubnegotiation longest subnegotiation body kept; longer ones are skipped whole
     * @param maxSuspendedBytes device data held for a suspended client; beyond it data is dropped
     */
    public TelnetHandler(boolean rfc2217, SerialControl control, int maxSubnegotiation, int maxSuspendedBytes) {
        if (maxSuspendedBytes < 0) {
            throw new IllegalArgumentException("maxSuspendedBytes must not be negative: " + maxSuspendedBytes);
        }
        if (rfc2217 && control == null) {
            throw new IllegalArgumentException("RFC 2217 needs a SerialControl");
        }
        this.rfc2217 = rfc2217;
        this.parser = new TelnetParser(maxSubnegotiation);
        this.options = new OptionNegotiator(glue);
        this.comPort = rfc2217 ? new ComPortServer(control, glue) : null;
        this.outbound = new OutboundData(maxSuspendedBytes);
        options.accept(OPT_BINARY, true);
        options.accept(OPT_BINARY, false);
        options.accept(OPT_SGA, true);
        options.accept(OPT_SGA, false);
        if (rfc2217) {
            // RFC 2217 has the client send WILL; pyserial also sends DO. Either direction turns it on.
            options.accept(OPT_COM_PORT, true);
            options.accept(OPT_COM_PORT, false);
        }
    }

    // ---- state, for tests and for the pipeline's owner ----

    public boolean isRfc2217() {
        return rfc2217;
    }

    /** True once COM-PORT-OPTION is agreed in either direction; before that RFC 2217 requests are ignored. */
    public boolean isComPortActive() {
        return rfc2217 && (options.enabled(OPT_COM_PORT, true) || options.enabled(OPT_COM_PORT, false));
    }

    public boolean isSuspended() {
        return suspended;
    }

    public boolean isBinaryInbound() {
        return parser.isBinary();
    }

    public boolean isBinaryOutbound() {
        return outbound.binary();
    }

    /** Device bytes thrown away because a suspended client let more than the bound pile up. */
    public long droppedBytes() {
        return outbound.droppedBytes();
    }

    /** Bytes held back for a suspended client. */
    public long heldBytes() {
        return outbound.heldBytes();
    }

    /** Bytes of an unfinished subnegotiation held by the parser (bounded). */
    public int bufferedBytes() {
        return parser.bufferedBytes();
    }

    public int modemStateMask() {
        return comPort == null ? 0 : comPort.modemMask();
    }

    public int lineStateMask() {
        return comPort == null ? 0 : comPort.lineMask();
    }

    /** What the client sent as its own SIGNATURE, or "". */
    public String clientSignature() {
        return comPort == null ? "" : comPort.clientSignature();
    }

    /**
     * Sends NOTIFY-MODEMSTATE (and NOTIFY-LINESTATE) if {@link SerialControl#modemState()} changed under the
     * client's mask. A bridge calls it once a second for each RFC 2217 client; safe from any thread (it hops onto the
     * channel's event loop) and a no-op without an agreed COM-PORT-OPTION.
     */
    public void pollModemState() {
        ChannelHandlerContext c = ctx;
        if (c == null || comPort == null) {
            return;
        }
        if (!c.executor().inEventLoop()) {
            c.executor().execute(this::pollModemState);
            return;
        }
        if (!c.channel().isActive() || !isComPortActive()) {
            return;
        }
        try {
            comPort.poll();
        } catch (RuntimeException e) {
            LOG.debug("{}: modem state poll failed: {}", c.channel(), e.toString());
        }
        flushCommands();
    }

    // ---- Netty ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start(); // installed on a live channel: channelActive has been and gone
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        options.request(OPT_BINARY, true);
        options.request(OPT_BINARY, false);
        options.request(OPT_SGA, true);
        options.request(OPT_SGA, false);
        if (rfc2217) {
            options.request(OPT_COM_PORT, true);
        }
        flushCommands();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            parser.parse(in, glue);
        } catch (RuntimeException e) {
            // a safety net: the parser does not throw on input, but a bug must not kill the connection
            LOG.debug("{}: telnet input dropped: {}", ctx.channel(), e.toString());
            parser.reset();
        } finally {
            in.release();
        }
        fireData();
        flushCommands();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf buf;
        if (msg instanceof ByteBuf b) {
            buf = b;
        } else if (msg instanceof byte[] a) {
            buf = Unpooled.wrappedBuffer(a);
        } else {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf encoded = outbound.encode(ctx.alloc(), buf);
        if (suspended) {
            if (!outbound.hold(encoded, promise) && !warnedDrop) {
                warnedDrop = true; // once per suspension: a stuck client would flood the log otherwise
                LOG.debug("{}: client suspended flow too long, dropping device data", ctx.channel());
            }
        } else {
            ctx.write(encoded, promise);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }

    private void releaseAll() {
        if (data != null) {
            data.release();
            data = null;
        }
        outbound.discard();
    }

    private void setSuspended(boolean suspend) {
        if (suspend == suspended) {
            return;
        }
        suspended = suspend;
        warnedDrop = false;
        ctx.channel().attr(SUSPENDED).set(suspend);
        fireData(); // keep the event in stream order with the data before it
        ctx.fireUserEventTriggered(suspend ? FlowControlEvent.SUSPEND : FlowControlEvent.RESUME);
        if (!suspend) {
            outbound.writeHeld(ctx);
            ctx.flush();
        }
    }

    // ---- inbound data ----

    private void fireData() {
        ByteBuf d = data;
        if (d != null) {
            data = null;
            ctx.fireChannelRead(d);
        }
    }

    private ByteBuf dataBuffer(int atLeast) {
        if (data == null) {
            data = ctx.alloc().buffer(Math.max(atLeast, 64));
        }
        return data;
    }

    /** Negotiation and RFC 2217 answers go straight towards the socket, past our own escaping and hold-back. */
    private void writeCommand(byte[] bytes) {
        ctx.write(Unpooled.wrappedBuffer(bytes));
        unflushed = true;
    }

    private void flushCommands() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /** The parser's, the negotiator's and the COM-PORT server's callbacks, kept off the public API. */
    private final class Glue implements TelnetParser.Listener, OptionNegotiator.Output, ComPortServer.Output {

        @Override
        public void data(ByteBuf in, int index, int length) {
            dataBuffer(length).writeBytes(in, index, length);
        }

        @Override
        public void dataIac() {
            dataBuffer(1).writeByte(IAC);
        }

        @Override
        public void negotiation(int verb, int option) {
            LOG.debug("{}: received {} {}", ctx.channel(), Telnet.name(verb), option);
            options.receive(verb, option);
        }

        @Override
        public void subnegotiation(int option, byte[] body, int length) {
            if (option != OPT_COM_PORT || !isComPortActive()) {
                LOG.debug("{}: ignored subnegotiation for option {} ({} bytes)", ctx.channel(), option, length);
                return;
            }
            fireData(); // data before a setting change goes to the device first
            try {
                if (!comPort.handle(body, length)) {
                    LOG.debug("{}: ignored COM-PORT-OPTION command {} ({} bytes)", ctx.channel(),
                            length > 0 ? body[0] & 0xFF : -1, length);
                }
            } catch (RuntimeException e) {
                LOG.debug("{}: COM-PORT-OPTION command {} failed: {}", ctx.channel(), body[0] & 0xFF, e.toString());
            }
        }

        @Override
        public void command(int command) {
            LOG.debug("{}: ignored telnet command {}", ctx.channel(), Telnet.name(command));
        }

        @Override
        public void malformed(String what) {
            LOG.debug("{}: {}", ctx.channel(), what);
        }

        @Override
        public void send(int verb, int option) {
            LOG.debug("{}: sending {} {}", ctx.channel(), Telnet.name(verb), option);
            writeCommand(new byte[] {(byte) IAC, (byte) verb, (byte) option});
        }

        @Override
        public void changed(int option, boolean local, boolean enabled) {
            if (option == OPT_BINARY) {
                if (local) {
                    outbound.setBinary(enabled);
                } else {
                    parser.setBinary(enabled);
                }
            }
        }

        @Override
        public void reply(int serverCode, byte[] value) {
            byte[] out = new byte[value.length * 2 + 6];
            int n = 0;
            out[n++] = (byte) IAC;
            out[n++] = (byte) SB;
            out[n++] = (byte) OPT_COM_PORT;
            out[n++] = (byte) serverCode;
            for (byte b : value) {
                out[n++] = b;
                if ((b & 0xFF) == IAC) {
                    out[n++] = b; // IAC inside a subnegotiation is doubled too (RFC 855)
                }
            }
            out[n++] = (byte) IAC;
            out[n++] = (byte) SE;
            writeCommand(Arrays.copyOf(out, n));
        }

        @Override
        public void flowControl(boolean suspend) {
            setSuspended(suspend);
        }
    }
}
