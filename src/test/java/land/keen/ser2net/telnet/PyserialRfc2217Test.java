package land.keen.ser2net.telnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pyserial's {@code rfc2217://} client (Debian python3-serial), a client nobody here wrote, against the
 * handlers on a real socket with a device that echoes. Skipped where /usr/bin/python3 has no serial module.
 */
class PyserialRfc2217Test {

    private static final String PYTHON = "/usr/bin/python3";

    private final RecordingSerialControl control = new RecordingSerialControl();
    private EventLoopGroup group;
    private Channel server;

    @BeforeAll
    static void needsPyserial() throws Exception {
        assumeTrue(new File(PYTHON).canExecute(), PYTHON + " missing");
        Process p = new ProcessBuilder(PYTHON, "-c", "import serial.rfc2217").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "python3-serial not installed");
    }

    private int start(boolean rfc2217) throws InterruptedException {
        group = new NioEventLoopGroup(1);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("echo", new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg); // the "device" echoes, through the telnet escaping
                            }
                        });
                        TelnetHandlers.install(ch.pipeline(), rfc2217, control);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Result python(String script) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", script).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
    }

    @Test
    void pyserialSetsThePortAndGetsItsBytesBackExactly() throws Exception {
        control.modemState(0xB0); // CD, DSR, CTS
        int port = start(true);
        Result r = python(String.join("\n",
                "import serial, sys",
                "s = serial.serial_for_url('rfc2217://127.0.0.1:" + port + "?poll_modem', baudrate=9600, bytesize=7,",
                "                          parity='E', stopbits=2, timeout=5)",
                "s.dtr = False",
                "s.rts = False",
                "s.dtr = True",
                "s.baudrate = 57600",
                "data = bytes(range(256)) + b'\\xff\\xff\\r\\n\\r\\x00\\xff' + bytes(range(255, -1, -1)) * 8",
                "s.write(data)",
                "got = b''",
                "while len(got) < len(data):",
                "    chunk = s.read(len(data) - len(got))",
                "    if not chunk: break",
                "    got += chunk",
                "print(data.hex())",
                "print(got.hex())",
                "print(s.cd, s.dsr, s.cts, s.ri)",
                "s.close()"));
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(HexFormat.of().parseHex(lines[1])).as("echoed bytes").containsExactly(HexFormat.of().parseHex(lines[0]));
        assertThat(lines[2]).isEqualTo("True True True False");
        assertThat(control.calls()).containsSubsequence(
                "baud 9600", "dataBits 7", "parity EVEN", "stopBits TWO", "flow NONE",
                "dtr false", "rts false", "dtr true", "baud 57600");
        assertThat(control.calls()).contains("purge true false", "purge false true");
        assertThat(control.baudRate()).isEqualTo(57600);
    }

    @Test
    void plainTelnetIsNotMistakenForRfc2217() throws Exception {
        int port = start(false);
        Result r = python(String.join("\n",
                "import serial",
                "try:",
                "    serial.serial_for_url('rfc2217://127.0.0.1:" + port + "?timeout=1', baudrate=9600)",
                "    print('opened')",
                "except serial.SerialException as e:",
                "    print('refused', e)"));
        // pyserial counts a refused option as settled, so it fails on the unanswered settings instead
        assertThat(r.out()).as(r.err()).startsWith("refused Remote does not").contains("RFC2217");
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void plainSocketClientThroughTelnetGetsBytesExactly() throws Exception {
        // socket:// speaks no telnet at all: it sees our offers, and its 0xFF bytes are halved by our decoder.
        // Sending IAC IAC ourselves and expecting doubled echoes shows both directions on the wire.
        int port = start(false);
        Result r = python(String.join("\n",
                "import socket, time",
                "c = socket.create_connection(('127.0.0.1', " + port + "))",
                "c.settimeout(5)",
                "c.sendall(b'\\xff\\xfb\\x00\\xff\\xfd\\x00' + b'a\\xff\\xffb')",
                "got = b''",
                "while len(got) < 12 + 4:",
                "    got += c.recv(100)",
                "print(got.hex())"));
        assertThat(r.exit()).as(r.err()).isZero();
        // offers (WILL/DO BINARY, WILL/DO SGA), no answer to the acks, then the echo with IAC doubled again
        assertThat(r.out()).isEqualTo("fffb00fffd00fffb03fffd03" + "61ffff62");
    }
}
