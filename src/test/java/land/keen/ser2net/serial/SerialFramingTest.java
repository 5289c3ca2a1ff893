package land.keen.ser2net.serial;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.Pty;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The serial: consumer's framing options on real ptys: a route gets whole frames however the bytes arrive.
 */
class SerialFramingTest extends CamelTestSupport {

    private final Pty marked = new Pty();
    private final Pty fixed = new Pty();
    private final Pty quiet = new Pty();

    @AfterEach
    void closePtys() {
        marked.close();
        fixed.close();
        quiet.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // NMEA-like: $ ... * + 2 hex digits + CR LF
                from("serial:" + marked.slavePath() + "?frameStart=$&frameDelimiter=*&frameTrailerLength=4"
                     + "&frameMaxLength=64").to("mock:marked");
                from("serial:" + fixed.slavePath() + "?frameLength=4").to("mock:fixed");
                from("serial:" + quiet.slavePath() + "?frameIdleGap=30").to("mock:quiet");
            }
        };
    }

    @Test
    void framesBetweenStartAndDelimiterPlusTrailerArriveWholeWithNoiseDropped() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:marked");
        marked.write(ascii("noise$GPGGA,1"));
        marked.write(ascii("23*4F\r\nmore noise $GPRMC,x*0A"));
        marked.write(ascii("\r\n$CUT,SHORT$GPGLL*11\r\n"));
        // too long without an end: dropped, and the next frame still comes through
        marked.write(ascii("$" + "A".repeat(80) + "$OK*00\r\n"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> mock.getReceivedCounter() >= 4);
        assertThat(bodies(mock)).containsExactly("$GPGGA,123*4F\r\n", "$GPRMC,x*0A\r\n", "$GPGLL*11\r\n", "$OK*00\r\n");
    }

    @Test
    void fixedLengthFramesAreCutFromAStream() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:fixed");
        fixed.write(ascii("abcdef"));
        fixed.write(ascii("ghijk"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> mock.getReceivedCounter() >= 2);
        assertThat(bodies(mock)).containsExactly("abcd", "efgh");
    }

    @Test
    void theLineGoingQuietEndsAFrame() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:quiet");
        quiet.write(new byte[] { 0x01, 0x05 });
        quiet.write(new byte[] { 0x00, 0x00, (byte) 0xFF, 0x00, (byte) 0x8C, 0x3A });
        await().atMost(5, TimeUnit.SECONDS).until(() -> mock.getReceivedCounter() >= 1);
        assertThat(mock.getExchanges().get(0).getIn().getBody(byte[].class))
                .containsExactly(0x01, 0x05, 0x00, 0x00, 0xFF, 0x00, 0x8C, 0x3A);
        quiet.write(new byte[] { 0x01, (byte) 0x85, 0x02, (byte) 0xC3, (byte) 0x61 });
        await().atMost(5, TimeUnit.SECONDS).until(() -> mock.getReceivedCounter() >= 2);
        assertThat(mock.getExchanges().get(1).getIn().getBody(byte[].class)).hasSize(5);
    }

    @Test
    void aDeviceLostInTheMiddleOfAFrameEmitsNothingOfIt() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:marked");
        marked.write(ascii("$HALF,A"));
        marked.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> mock.getReceivedCounter() >= 1);
        Exchange only = mock.getExchanges().get(0);
        assertThat(only.getIn().getHeader(SerialConstants.EVENT)).isEqualTo(SerialConstants.EVENT_DISCONNECTED);
        assertThat(only.getIn().getBody(byte[].class)).isEmpty();
    }

    @Test
    void aBadFramingOptionFailsTheRouteNamingTheOption() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:/dev/null?frameDelimiter=\\q").to("mock:never");
            }
        })).isInstanceOf(FailedToCreateRouteException.class).hasStackTraceContaining("frameDelimiter: unknown escape \\q");
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:/dev/null?frameDelimiter=\\r\\n&frameLength=8").to("mock:never");
            }
        })).hasStackTraceContaining("frameLength and frameDelimiter cannot both be set");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> bodies(MockEndpoint mock) {
        return mock.getExchanges().stream().map(e -> new String(e.getIn().getBody(byte[].class),
                StandardCharsets.US_ASCII)).toList();
    }
}
