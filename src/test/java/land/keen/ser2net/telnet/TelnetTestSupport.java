package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;

/** Byte helpers for telnet tests: build wire bytes, feed a channel, collect what comes out. */
final class TelnetTestSupport {
    private TelnetTestSupport() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** IAC SB COM-PORT-OPTION code value... IAC SE, with IAC in the value doubled. */
    static byte[] comPort(int code, int... value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(IAC, SB, OPT_COM_PORT, code));
        for (int v : value) {
            out.write(v);
            if ((v & 0xFF) == IAC) {
                out.write(IAC);
            }
        }
        out.writeBytes(bytes(IAC, SE));
        return out.toByteArray();
    }

    /** The bytes that make a freshly connected RFC 2217 (or plain) handler fully negotiated, as a client's acks. */
    static byte[] clientAcks(boolean rfc2217) {
        byte[] base = bytes(IAC, DO, OPT_BINARY, IAC, WILL, OPT_BINARY, IAC, DO, OPT_SGA, IAC, WILL, OPT_SGA);
        return rfc2217 ? concat(base, bytes(IAC, DO, OPT_COM_PORT)) : base;
    }

    static EmbeddedChannel negotiated(boolean rfc2217, SerialControl control) {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(rfc2217, control));
        drainOutbound(ch);
        send(ch, clientAcks(rfc2217));
        return ch;
    }

    static void send(EmbeddedChannel ch, byte[] wire) {
        ch.writeInbound(Unpooled.wrappedBuffer(wire));
    }

    /** Everything the handler passed on towards the device, as one array. */
    static byte[] drainInbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object m;
        while ((m = ch.readInbound()) != null) {
            ByteBuf b = (ByteBuf) m;
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    /** Everything written towards the client, as one array. */
    static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) m;
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x ", x & 0xFF));
        }
        return s.toString().trim();
    }
}
