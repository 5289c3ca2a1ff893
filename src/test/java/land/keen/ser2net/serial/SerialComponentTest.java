package land.keen.ser2net.serial;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import java.util.List;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SerialComponentTest extends CamelTestSupport {

    private final Pty pty = new Pty();

    @AfterEach
    void closePty() {
        pty.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:" + pty.slavePath() + "?baudRate=57600&stopBits=2&parity=odd&flowControl=rtscts"
                     + "&controlLines=dtr=off,rts=off")
                        .routeId("read").to("mock:fromDevice");
                from("direct:toDevice").routeId("write").to("serial:" + pty.slavePath() + "?attachOnly=true");
            }
        };
    }

    @Test
    void bytesFromTheDeviceArriveAsByteArrays() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:fromDevice");
        pty.write("hello\u00ff\u0000".getBytes(StandardCharsets.ISO_8859_1));
        await().atMost(5, TimeUnit.SECONDS).until(() -> collected(mock).length >= 7);
        assertThat(new String(collected(mock), StandardCharsets.ISO_8859_1)).isEqualTo("hello\u00ff\u0000");
        assertThat(mock.getExchanges().get(0).getIn().getHeader(SerialConstants.DEVICE)).isEqualTo(pty.slavePath());
    }

    @Test
    void producerWritesThroughThePortTheConsumerOpened() throws Exception {
        template.sendBody("direct:toDevice", "ping".getBytes(StandardCharsets.US_ASCII));
        template.sendBody("direct:toDevice", "pong");
        StringBuilder got = new StringBuilder();
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            byte[] b = pty.read(64, 100);
            if (b != null) {
                got.append(new String(b, StandardCharsets.US_ASCII));
            }
            return got.toString().equals("pingpong");
        });
    }

    @Test
    void termiosShowsTheConfiguredLine() {
        Pty.Termios t = pty.termios();
        assertThat(t.ospeed()).isEqualTo(57600);
        assertThat(t.has(Pty.CSTOPB)).isTrue();
        assertThat(t.has(Pty.PARODD)).isTrue();
        assertThat(t.has(Pty.CRTSCTS)).isTrue();
        assertThat(t.has(Pty.CLOCAL)).isTrue();
    }

    @Test
    void deviceGoneEmitsOneDisconnectedEventAndStopsReading() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:fromDevice");
        pty.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> mock.getReceivedCounter() >= 1);
        Exchange last = mock.getExchanges().get(mock.getExchanges().size() - 1);
        assertThat(last.getIn().getHeader(SerialConstants.EVENT)).isEqualTo(SerialConstants.EVENT_DISCONNECTED);
        // a pty reports the hang-up as EIO or as end of file with no errno, depending on timing
        assertThat(last.getIn().getHeader(SerialConstants.ERROR, String.class))
                .matches("read failed: (Input/output error|device hung up)");
        // the reader stopped: exactly one event, no flood of further ones
        await().during(500, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> mock.getReceivedCounter() == 1);
    }

    @Test
    void invalidOptionIsRefusedNamingIt() {
        assertThatThrownBy(() -> context.getEndpoint("serial:/dev/null?parity=weird"))
                .hasStackTraceContaining("parity must be none/even/odd/mark/space, got weird");
    }

    @Test
    void aTypedLineSettingsBeanOverridesTheSingleOptions() throws Exception {
        try (Pty other = new Pty()) {
            context.getRegistry().bind("line", new LineSettings(19200, 7, Parity.EVEN, StopBits.ONE,
                    FlowControl.XONXOFF, List.of(), true, false, false));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("serial:" + other.slavePath() + "?baudRate=9600&flowControl=none&lineSettings=#line")
                            .routeId("typed").to("mock:typed");
                }
            });
            await().atMost(5, TimeUnit.SECONDS).until(() -> other.termios().ospeed() == 19200);
            Pty.Termios t = other.termios();
            assertThat(t.hasInput(Pty.IXON) && t.hasInput(Pty.IXOFF)).as("xonxoff from the bean").isTrue();
            assertThat(t.has(Pty.CSTOPB)).isFalse();
        }
    }

    @Test
    void aBadOptionFailsTheRouteNamingTheOption() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:" + pty.slavePath() + "?parity=sometimes").routeId("bad").to("mock:never");
            }
        })).hasStackTraceContaining("parity must be none/even/odd/mark/space, got sometimes");
    }

    @Test
    void missingDeviceFailsTheRouteStartWithTheReason() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:/nonexistent/ttyUSB9").routeId("missing").autoStartup(false).to("mock:never");
            }
        });
        assertThatThrownBy(() -> context.getRouteController().startRoute("missing"))
                .hasStackTraceContaining("No such file or directory");
    }

    private static byte[] collected(MockEndpoint mock) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Exchange e : mock.getExchanges()) {
            out.writeBytes(e.getIn().getBody(byte[].class));
        }
        return out.toByteArray();
    }
}
