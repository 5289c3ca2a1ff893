package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.*;
import static land.keen.ser2net.telnet.TelnetTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class TelnetNegotiationTest {

    private final RecordingSerialControl control = new RecordingSerialControl();

    @Test
    void offersBinarySgaAndComPortOnConnect() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(true, control));
        assertThat(drainOutbound(ch)).containsExactly(bytes(
                IAC, WILL, OPT_BINARY, IAC, DO, OPT_BINARY, IAC, WILL, OPT_SGA, IAC, DO, OPT_SGA,
                IAC, WILL, OPT_COM_PORT));
    }

    @Test
    void plainTelnetDoesNotOfferComPort() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(false, null));
        assertThat(drainOutbound(ch)).containsExactly(bytes(
                IAC, WILL, OPT_BINARY, IAC, DO, OPT_BINARY, IAC, WILL, OPT_SGA, IAC, DO, OPT_SGA));
    }

    @Test
    void acknowledgementsAreNotAnswered() {
        EmbeddedChannel ch = negotiated(true, control);
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(h.isBinaryInbound()).isTrue();
        assertThat(h.isBinaryOutbound()).isTrue();
        assertThat(h.isComPortActive()).isTrue();
        // repeats of an agreed option change nothing and get no answer either
        send(ch, clientAcks(true));
        assertThat(drainOutbound(ch)).isEmpty();
    }

    @Test
    void clientsWillComPortIsAcceptedWithDo() {
        EmbeddedChannel ch = negotiated(true, control);
        send(ch, bytes(IAC, WILL, OPT_COM_PORT));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, DO, OPT_COM_PORT));
        send(ch, bytes(IAC, WILL, OPT_COM_PORT));
        assertThat(drainOutbound(ch)).isEmpty();
    }

    @Test
    void refusesEverythingElseOncePerRequest() {
        EmbeddedChannel ch = negotiated(true, control);
        send(ch, bytes(IAC, DO, OPT_ECHO, IAC, WILL, 24, IAC, DO, 31, IAC, WILL, 255, IAC, DO, OPT_ECHO));
        assertThat(drainOutbound(ch)).containsExactly(bytes(
                IAC, WONT, OPT_ECHO, IAC, DONT, 24, IAC, WONT, 31, IAC, DONT, 255, IAC, WONT, OPT_ECHO));
        // negative answers to options that are off need no reply
        send(ch, bytes(IAC, WONT, 24, IAC, DONT, OPT_ECHO));
        assertThat(drainOutbound(ch)).isEmpty();
    }

    @Test
    void plainTelnetRefusesComPortAndIgnoresItsCommands() {
        EmbeddedChannel ch = negotiated(false, null);
        send(ch, bytes(IAC, WILL, OPT_COM_PORT, IAC, DO, OPT_COM_PORT));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, DONT, OPT_COM_PORT, IAC, WONT, OPT_COM_PORT));
        send(ch, concat(comPort(1, 0, 0, 0x25, 0x80), bytes('o', 'k')));
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(drainInbound(ch)).containsExactly(bytes('o', 'k'));
    }

    @Test
    void comPortCommandsBeforeAgreementAreIgnored() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(true, control));
        drainOutbound(ch);
        send(ch, comPort(1, 0, 0, 0x25, 0x80));
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void refusedOffersStayOffWithoutAnswer() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetHandler(true, control));
        drainOutbound(ch);
        send(ch, bytes(IAC, DONT, OPT_BINARY, IAC, WONT, OPT_BINARY, IAC, DONT, OPT_COM_PORT));
        assertThat(drainOutbound(ch)).isEmpty();
        TelnetHandler h = ch.pipeline().get(TelnetHandler.class);
        assertThat(h.isBinaryInbound()).isFalse();
        assertThat(h.isBinaryOutbound()).isFalse();
        assertThat(h.isComPortActive()).isFalse();
        // the client may still ask later; then it is a fresh request and gets a yes
        send(ch, bytes(IAC, WILL, OPT_BINARY));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, DO, OPT_BINARY));
        assertThat(h.isBinaryInbound()).isTrue();
    }

    @Test
    void clientSwitchingOffIsAgreedOnce() {
        EmbeddedChannel ch = negotiated(true, control);
        send(ch, bytes(IAC, WONT, OPT_BINARY, IAC, DONT, OPT_BINARY));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, DONT, OPT_BINARY, IAC, WONT, OPT_BINARY));
        send(ch, bytes(IAC, WONT, OPT_BINARY, IAC, DONT, OPT_BINARY));
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(ch.pipeline().get(TelnetHandler.class).isBinaryInbound()).isFalse();
    }

    @Test
    void negotiationSplitAcrossReads() {
        EmbeddedChannel ch = negotiated(true, control);
        send(ch, bytes(IAC));
        send(ch, bytes(DO));
        assertThat(drainOutbound(ch)).isEmpty();
        send(ch, bytes(OPT_ECHO));
        assertThat(drainOutbound(ch)).containsExactly(bytes(IAC, WONT, OPT_ECHO));
    }

    @Test
    void twoServersFacingEachOtherSettleQuickly() {
        // the classic loop: two ends that both offer and both accept. RFC 1143 must go quiet.
        assertThat(pump(new EmbeddedChannel(new TelnetHandler(true, control)),
                new EmbeddedChannel(new TelnetHandler(true, new RecordingSerialControl())))).isLessThanOrEqualTo(3);
    }

    @Test
    void naivePeersThatAlwaysAnswerDoNotMakeALoop() {
        // peers that answer every negotiation, even acknowledgements: the loop RFC 1143 is about.
        // A yes-man agrees to everything, a refuser refuses everything; either way we must go quiet.
        for (boolean agree : new boolean[] {true, false}) {
            EmbeddedChannel server = new EmbeddedChannel(new TelnetHandler(true, control));
            int rounds = 0;
            byte[] fromServer = drainOutbound(server);
            while (fromServer.length > 0) {
                assertThat(++rounds).as("rounds against agree=" + agree).isLessThanOrEqualTo(3);
                byte[] answer = new byte[fromServer.length];
                for (int i = 0; i + 2 < fromServer.length; i += 3) {
                    int verb = fromServer[i + 1] & 0xFF;
                    boolean positive = verb == WILL || verb == DO;
                    boolean sayYes = agree && positive;
                    int reply = verb == WILL || verb == WONT ? (sayYes ? DO : DONT) : (sayYes ? WILL : WONT);
                    answer[i] = (byte) IAC;
                    answer[i + 1] = (byte) reply;
                    answer[i + 2] = fromServer[i + 2];
                }
                send(server, answer);
                fromServer = drainOutbound(server);
            }
        }
    }

    /** Passes bytes between two channels until both are quiet; returns the rounds it took (fails past 50). */
    private static int pump(EmbeddedChannel a, EmbeddedChannel b) {
        for (int round = 1; round <= 50; round++) {
            byte[] ab = drainOutbound(a);
            byte[] ba = drainOutbound(b);
            if (ab.length == 0 && ba.length == 0) {
                return round;
            }
            b.writeInbound(Unpooled.wrappedBuffer(ab));
            a.writeInbound(Unpooled.wrappedBuffer(ba));
            drainInbound(a);
            drainInbound(b);
        }
        throw new AssertionError("negotiation did not settle in 50 rounds");
    }
}
