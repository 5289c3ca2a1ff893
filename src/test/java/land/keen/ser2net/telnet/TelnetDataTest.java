package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.*;
import static land.keen.ser2net.telnet.TelnetTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class TelnetDataTest {

    private static byte[] all256() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** All 256 byte values with every 0xFF doubled, as they travel on the wire. */
    private static byte[] escaped(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : data) {
            out.write(b);
            if ((b & 0xFF) == IAC) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Test
    void inboundIacIacBecomesOneByteAndEveryValuePassesExactly() {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        byte[] data = concat(all256(), bytes(0xFF, 0xFF, 0, 0xFF), all256());
        send(ch, escaped(data));
        assertThat(drainInbound(ch)).containsExactly(data);
    }

    @Test
    void outboundIacIsDoubledAndEveryValuePassesExactly() {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        byte[] data = concat(all256(), bytes(0xFF, 0xFF, 13, 0, 13, 10, 0xFF));
        ch.writeOutbound(Unpooled.wrappedBuffer(data));
        ch.writeOutbound((Object) data.clone()); // byte[] works too, for a pipeline without a byte codec
        assertThat(drainOutbound(ch)).containsExactly(concat(escaped(data), escaped(data)));
    }

    @Test
    void outboundWithoutIacIsPassedWithoutCopy() {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        var buf = Unpooled.wrappedBuffer(bytes(1, 2, 3));
        ch.writeOutbound(buf);
        Object out = ch.readOutbound();
        assertThat(out).isSameAs(buf);
        buf.release();
    }

    @Test
    void commandsAreRemovedFromData() {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        send(ch, bytes('a', IAC, NOP, 'b', IAC, AYT, 'c', IAC, GA, IAC, DM, IAC, SE, 'd', IAC, SB, 24, 1, 2, IAC, SE, 'e'));
        assertThat(drainInbound(ch)).containsExactly(bytes('a', 'b', 'c', 'd', 'e'));
        assertThat(drainOutbound(ch)).isEmpty();
    }

    @Test
    void everySplitPointGivesTheSameResult() {
        RecordingSerialControl control = new RecordingSerialControl();
        byte[] wire = concat(bytes('x', IAC, IAC, 'y', IAC, DO, OPT_ECHO, 'z'), comPort(1, 0, 0, 0xFF, 0xFF),
                bytes(IAC, NOP, IAC, IAC), comPort(3, 2), bytes('w'));
        byte[] wantIn = bytes('x', 0xFF, 'y', 'z', 0xFF, 'w');
        byte[] wantOut = concat(bytes(IAC, WONT, OPT_ECHO), comPort(101, 0, 0, 0xFF, 0xFF), comPort(103, 2));
        for (int cut1 = 0; cut1 <= wire.length; cut1++) {
            for (int cut2 = cut1; cut2 <= wire.length; cut2++) {
                EmbeddedChannel ch = negotiated(true, control);
                drainOutbound(ch);
                send(ch, java.util.Arrays.copyOfRange(wire, 0, cut1));
                send(ch, java.util.Arrays.copyOfRange(wire, cut1, cut2));
                send(ch, java.util.Arrays.copyOfRange(wire, cut2, wire.length));
                assertThat(drainInbound(ch)).as("cuts %d/%d", cut1, cut2).containsExactly(wantIn);
                assertThat(drainOutbound(ch)).as("cuts %d/%d", cut1, cut2).containsExactly(wantOut);
            }
        }
    }

    @Test
    void crNulBecomesCrOutsideBinaryOnly() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(false, null));
        drainOutbound(ch);
        send(ch, bytes(IAC, DONT, OPT_BINARY, IAC, WONT, OPT_BINARY)); // client refuses BINARY
        send(ch, bytes('a', CR, NUL, 'b', CR, LF, 'c', CR));
        send(ch, bytes(NUL, CR, 'd', NUL));
        assertThat(drainInbound(ch)).containsExactly(bytes('a', CR, 'b', CR, LF, 'c', CR, CR, 'd', NUL));

        send(ch, bytes(IAC, WILL, OPT_BINARY)); // now binary inbound: every byte is data
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, DO, OPT_BINARY));
        send(ch, bytes('a', CR, NUL, 'b', CR, LF));
        assertThat(drainInbound(ch)).containsExactly(bytes('a', CR, NUL, 'b', CR, LF));
    }

    @Test
    void bareCrGetsNulOutboundOutsideBinaryOnly() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(false, null));
        drainOutbound(ch);
        send(ch, bytes(IAC, DONT, OPT_BINARY, IAC, WONT, OPT_BINARY));
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes('a', CR, LF, 'b', CR, 'c', CR)));
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes(LF, CR)));
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes(0xFF)));
        assertThat(drainOutbound(ch)).containsExactly(bytes('a', CR, LF, 'b', CR, NUL, 'c', CR, LF, CR, NUL, IAC, IAC));

        send(ch, bytes(IAC, DO, OPT_BINARY));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, WILL, OPT_BINARY));
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes('b', CR, 'c')));
        assertThat(drainOutbound(ch)).containsExactly(bytes('b', CR, 'c'));
    }

    @Test
    void oversizedSubnegotiationIsDroppedAndDataAfterItSurvives() {
        RecordingSerialControl control = new RecordingSerialControl();
        EmbeddedChannel ch = negotiated(true, control);
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        send(ch, bytes(IAC, SB, OPT_COM_PORT, 0));
        for (int i = 0; i < 100; i++) {
            send(ch, bytes('s', 'i', 'g', IAC, IAC, 'n'));
            assertThat(h.bufferedBytes()).isLessThanOrEqualTo(TelnetHandler.DEFAULT_MAX_SUBNEGOTIATION);
        }
        send(ch, bytes(IAC, SE, 'o', 'k', IAC, IAC));
        assertThat(drainInbound(ch)).containsExactly(bytes('o', 'k', 0xFF));
        assertThat(drainOutbound(ch)).isEmpty(); // a signature from the client gets no answer anyway, but none was seen
        assertThat(h.clientSignature()).isEmpty();
        // the parser is back in step: a normal request works
        send(ch, comPort(2, 0));
        assertThat(drainOutbound(ch)).containsExactly(comPort(102, 8));
    }

    @Test
    void brokenSubnegotiationEndsAtTheNextCommand() {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        // IAC WILL inside SB: the SB is dropped and WILL ECHO is handled as a command
        send(ch, bytes(IAC, SB, OPT_COM_PORT, 1, 0, IAC, WILL, OPT_ECHO, 'a', IAC, SE, 'b'));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, DONT, OPT_ECHO));
        assertThat(drainInbound(ch)).containsExactly(bytes('a', 'b'));
    }

    @Test
    void nonBufferMessagesPassUntouched() {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        ch.writeInbound("hello");
        assertThat((Object) ch.readInbound()).isEqualTo("hello");
        ch.writeOutbound("bye");
        assertThat((Object) ch.readOutbound()).isEqualTo("bye");
    }
}
