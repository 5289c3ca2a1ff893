package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.*;
import static land.keen.ser2net.telnet.TelnetTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class TelnetHandlersTest {

    @Test
    void installPutsTheHandlerFirstAndStartsOnALiveChannel() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        TelnetHandler h = TelnetHandlers.install(ch.pipeline(), true, new RecordingSerialControl());
        assertThat(ch.pipeline().names().get(0)).isEqualTo(TelnetHandlers.NAME);
        assertThat(TelnetHandlers.get(ch)).isSameAs(h);
        // the channel was already active: the offers go out at once
        assertThat(drainOutbound(ch)).endsWith(IAC, WILL, OPT_COM_PORT);
    }

    @Test
    void installGoesAfterTls() throws Exception {
        // a client context needs no certificate; only the handler's type and place matter here
        SslContext ssl = SslContextBuilder.forClient().build();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("ssl", ssl.newHandler(ch.alloc()));
        ch.pipeline().addLast("app", new ChannelInboundHandlerAdapter());
        TelnetHandlers.install(ch.pipeline(), false, null);
        assertThat(new ArrayList<>(ch.pipeline().names()).subList(0, 3)).containsExactly("ssl", TelnetHandlers.NAME, "app");
        ch.finishAndReleaseAll();
    }

    @Test
    void helpersAreHarmlessOnChannelsWithoutTelnet() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        assertThat(TelnetHandlers.get(ch)).isNull();
        assertThat(TelnetHandlers.isSuspended(ch)).isFalse();
        TelnetHandlers.pollModemState(ch);
        assertThat(drainOutbound(ch)).isEmpty();
    }

    @Test
    void pollFromAnotherThreadRunsOnTheEventLoop() throws Exception {
        RecordingSerialControl control = new RecordingSerialControl();
        EmbeddedChannel ch = negotiated(true, control);
        control.modemState(0x10);
        Thread t = new Thread(() -> TelnetHandlers.pollModemState(ch));
        t.start();
        t.join();
        ch.runPendingTasks();
        assertThat(drainOutbound(ch)).containsExactly(comPort(107, 0x10));
    }
}
