package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.*;
import static land.keen.ser2net.telnet.TelnetTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import land.keen.ser2net.spec.Parity;
import org.junit.jupiter.api.Test;

/** Each RFC 2217 command: the SerialControl call it makes and the exact bytes of the answer. */
class ComPortTest {

    private final RecordingSerialControl control = new RecordingSerialControl();
    private final EmbeddedChannel ch = negotiated(true, control);

    private byte[] ask(byte[] request) {
        control.clearCalls();
        send(ch, request);
        return drainOutbound(ch);
    }

    @Test
    void signatureQueryIsAnsweredAndClientSignatureKept() {
        byte[] sig = control.signature().getBytes(StandardCharsets.US_ASCII);
        assertThat(ask(comPort(0))).containsExactly(concat(bytes(IAC, SB, OPT_COM_PORT, 100), sig, bytes(IAC, SE)));
        assertThat(ask(comPort(0, 'p', 'y'))).isEmpty();
        assertThat(ch.pipeline().get(TelnetHandler.class).clientSignature()).isEqualTo("py");
    }

    @Test
    void baudRateIsSetAndQueriedBigEndian() {
        assertThat(ask(comPort(1, 0, 0, 0x25, 0x80))).containsExactly(comPort(101, 0, 0, 0x25, 0x80));
        assertThat(control.calls()).containsExactly("baud 9600");
        assertThat(ask(comPort(1, 0, 0, 0, 0))).containsExactly(comPort(101, 0, 0, 0x25, 0x80));
        assertThat(control.calls()).isEmpty();
        // 0x0001FFFF = 131071: escaped IAC in the request, doubled again in the answer
        assertThat(ask(comPort(1, 0, 1, 0xFF, 0xFF))).containsExactly(comPort(101, 0, 1, 0xFF, 0xFF));
        assertThat(ask(comPort(1, 0, 1, 0xFF, 0xFF)))
                .containsExactly(bytes(IAC, SB, 44, 101, 0, 1, IAC, IAC, IAC, IAC, IAC, SE));
        assertThat(control.calls()).containsExactly("baud 131071");
        // beyond int range: no port does that; the current rate is the answer
        assertThat(ask(comPort(1, 0x80, 0, 0, 1))).containsExactly(comPort(101, 0, 1, 0xFF, 0xFF));
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void dataSize() {
        assertThat(ask(comPort(2, 7))).containsExactly(comPort(102, 7));
        assertThat(control.calls()).containsExactly("dataBits 7");
        assertThat(ask(comPort(2, 5))).containsExactly(comPort(102, 7)); // refused by the port: value in effect
        assertThat(ask(comPort(2, 0))).containsExactly(comPort(102, 7));
        assertThat(ask(comPort(2, 9))).containsExactly(comPort(102, 7));
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void parity() {
        int[] codes = {1, 2, 3, 4, 5};
        Parity[] values = {Parity.NONE, Parity.ODD, Parity.EVEN, Parity.MARK, Parity.SPACE};
        for (int i = 0; i < codes.length; i++) {
            assertThat(ask(comPort(3, codes[i]))).containsExactly(comPort(103, codes[i]));
            assertThat(control.calls()).containsExactly("parity " + values[i]);
        }
        assertThat(ask(comPort(3, 0))).containsExactly(comPort(103, 5));
        assertThat(ask(comPort(3, 6))).containsExactly(comPort(103, 5));
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void stopSize() {
        assertThat(ask(comPort(4, 2))).containsExactly(comPort(104, 2));
        assertThat(control.calls()).containsExactly("stopBits TWO");
        assertThat(ask(comPort(4, 3))).containsExactly(comPort(104, 2)); // 1.5 refused by this port
        assertThat(control.calls()).containsExactly("stopBits ONE_POINT_FIVE");
        assertThat(ask(comPort(4, 1))).containsExactly(comPort(104, 1));
        assertThat(ask(comPort(4, 0))).containsExactly(comPort(104, 1));
    }

    @Test
    void flowControl() {
        assertThat(ask(comPort(5, 0))).containsExactly(comPort(105, 1));
        assertThat(ask(comPort(5, 3))).containsExactly(comPort(105, 3));
        assertThat(control.calls()).containsExactly("flow RTSCTS");
        assertThat(ask(comPort(5, 2))).containsExactly(comPort(105, 2));
        assertThat(ask(comPort(5, 13))).containsExactly(comPort(105, 15));
        assertThat(ask(comPort(5, 14))).containsExactly(comPort(105, 14));
        assertThat(control.calls()).containsExactly("flow NONE");
        assertThat(ask(comPort(5, 17))).containsExactly(comPort(105, 14)); // DCD flow: not offered
        assertThat(ask(comPort(5, 1))).containsExactly(comPort(105, 1));
    }

    @Test
    void breakDtrRts() {
        assertThat(ask(comPort(5, 4))).containsExactly(comPort(105, 6));
        assertThat(ask(comPort(5, 5))).containsExactly(comPort(105, 5));
        assertThat(control.calls()).containsExactly("break true");
        assertThat(ask(comPort(5, 4))).containsExactly(comPort(105, 5));
        assertThat(ask(comPort(5, 6))).containsExactly(comPort(105, 6));
        assertThat(control.calls()).containsExactly("break false");

        assertThat(ask(comPort(5, 7))).containsExactly(comPort(105, 8));
        assertThat(ask(comPort(5, 9))).containsExactly(comPort(105, 9));
        assertThat(control.calls()).containsExactly("dtr false");
        assertThat(ask(comPort(5, 7))).containsExactly(comPort(105, 9));
        assertThat(ask(comPort(5, 8))).containsExactly(comPort(105, 8));
        assertThat(control.calls()).containsExactly("dtr true");

        assertThat(ask(comPort(5, 10))).containsExactly(comPort(105, 11));
        assertThat(ask(comPort(5, 12))).containsExactly(comPort(105, 12));
        assertThat(control.calls()).containsExactly("rts false");
        assertThat(ask(comPort(5, 10))).containsExactly(comPort(105, 12));
        assertThat(ask(comPort(5, 11))).containsExactly(comPort(105, 11));
        assertThat(control.calls()).containsExactly("rts true");

        assertThat(ask(comPort(5, 20))).isEmpty();
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void purge() {
        assertThat(ask(comPort(12, 1))).containsExactly(comPort(112, 1));
        assertThat(control.calls()).containsExactly("purge true false");
        assertThat(ask(comPort(12, 2))).containsExactly(comPort(112, 2));
        assertThat(control.calls()).containsExactly("purge false true");
        assertThat(ask(comPort(12, 3))).containsExactly(comPort(112, 3));
        assertThat(control.calls()).containsExactly("purge true true");
        assertThat(ask(comPort(12, 0))).isEmpty();
        assertThat(ask(comPort(12, 4))).isEmpty();
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void masksAreStoredAndAnswered() {
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        assertThat(h.modemStateMask()).isEqualTo(0xFF);
        assertThat(h.lineStateMask()).isEqualTo(0);
        assertThat(ask(comPort(10, 0x1E))).containsExactly(comPort(110, 0x1E));
        assertThat(ask(comPort(11, 0xF0))).containsExactly(comPort(111, 0xF0));
        assertThat(ask(comPort(11, 0xFF))).containsExactly(comPort(111, 0xFF));
        assertThat(h.lineStateMask()).isEqualTo(0x1E);
        assertThat(h.modemStateMask()).isEqualTo(0xFF);
    }

    @Test
    void modemStateIsNotifiedOnChangeUnderTheMask() {
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        control.modemState(0xB0);
        h.pollModemState();
        assertThat(drainOutbound(ch)).containsExactly(comPort(107, 0xB0)); // first poll: where the lines are
        h.pollModemState();
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(ask(comPort(11, 0x80))).containsExactly(comPort(111, 0x80));
        control.modemState(0xA0); // CTS dropped, but only CD is watched
        h.pollModemState();
        assertThat(drainOutbound(ch)).containsExactly(comPort(107, 0x80)); // the mask changed what is told
        control.modemState(0x20);
        TelnetHandlers.pollModemState(ch);
        assertThat(drainOutbound(ch)).containsExactly(comPort(107, 0x00));
        control.modemState(0x30);
        h.pollModemState();
        assertThat(drainOutbound(ch)).isEmpty();
        // a client's own NOTIFY-MODEMSTATE is a poll (pyserial does this): answered with the full state
        assertThat(ask(comPort(7))).containsExactly(comPort(107, 0x30));
    }

    @Test
    void aClientThatMasksEveryModemLineHearsNothingUnprompted() {
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        assertThat(ask(comPort(11, 0x00))).containsExactly(comPort(111, 0x00));
        control.modemState(0xB0);
        h.pollModemState();
        control.modemState(0x30);
        h.pollModemState();
        assertThat(drainOutbound(ch)).isEmpty();
        // asking still answers
        assertThat(ask(comPort(7))).containsExactly(comPort(107, 0x30));
    }

    @Test
    void lineStateIsNotifiedOnlyForMaskedBits() {
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        control.lineState(0x10);
        h.pollModemState();
        drainOutbound(ch); // the first modem state report
        h.pollModemState();
        assertThat(drainOutbound(ch)).isEmpty(); // line state mask is 0 by default
        ask(comPort(10, 0x10));
        h.pollModemState();
        assertThat(drainOutbound(ch)).containsExactly(comPort(106, 0x10));
    }

    @Test
    void suspendHoldsDeviceDataUntilResume() {
        List<Object> events = new ArrayList<>();
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes('a')));
        assertThat(drainOutbound(ch)).containsExactly(bytes('a'));
        assertThat(ask(comPort(8))).isEmpty(); // no answer to SUSPEND
        assertThat(TelnetHandlers.isSuspended(ch)).isTrue();
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes('b', 0xFF)));
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes('c')));
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(ask(comPort(5, 7))).containsExactly(comPort(105, 8)); // answers still flow
        assertThat(ask(comPort(9))).containsExactly(bytes('b', 0xFF, 0xFF, 'c'));
        assertThat(TelnetHandlers.isSuspended(ch)).isFalse();
        assertThat(events).containsExactly(FlowControlEvent.SUSPEND, FlowControlEvent.RESUME);
        ch.writeOutbound(Unpooled.wrappedBuffer(bytes('d')));
        assertThat(drainOutbound(ch)).containsExactly(bytes('d'));
    }

    @Test
    void suspendedClientCannotMakeTheServerBufferWithoutEnd() {
        EmbeddedChannel small = new EmbeddedChannel(new TelnetHandler(true, control, 256, 4));
        drainOutbound(small);
        send(small, concat(clientAcks(true), comPort(8)));
        ChannelFuture kept = small.writeOneOutbound(Unpooled.wrappedBuffer(bytes(1, 2, 3)));
        ChannelFuture dropped = small.writeOneOutbound(Unpooled.wrappedBuffer(bytes(4, 5)));
        small.flushOutbound();
        assertThat(dropped.isSuccess()).isTrue();
        TelnetHandler h = small.pipeline().get(TelnetHandler.class);
        assertThat(h.droppedBytes()).isEqualTo(2);
        assertThat(h.heldBytes()).isEqualTo(3);
        send(small, comPort(9));
        assertThat(drainOutbound(small)).containsExactly(bytes(1, 2, 3));
        assertThat(kept.isSuccess()).isTrue();
        // held writes of a closed channel are freed and failed, not leaked
        send(small, comPort(8));
        ChannelFuture pending = small.writeOneOutbound(Unpooled.wrappedBuffer(bytes(6)));
        small.close();
        assertThat(pending.isDone() && !pending.isSuccess()).isTrue();
    }

    @Test
    void unknownAndShortCommandsAreIgnored() {
        assertThat(ask(concat(comPort(99, 1, 2), comPort(1, 0, 0), comPort(2), bytes(IAC, SB, 44, IAC, SE)))).isEmpty();
        assertThat(control.calls()).isEmpty();
        assertThat(ask(comPort(2, 0))).containsExactly(comPort(102, 8));
    }

    @Test
    void failingPortDoesNotBreakTheConnection() {
        control.failWith(new IllegalStateException("unplugged"));
        send(ch, concat(comPort(1, 0, 0, 0x25, 0x80), bytes('x')));
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(drainInbound(ch)).containsExactly(bytes('x'));
        assertThat(ch.isActive()).isTrue();
    }
}
