package land.keen.ser2net.bridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ser2net's own example files (src/test/resources/config, sources cited there) served by the real app: only the
 * device paths and port numbers are changed, to ptys and free ports on this machine.
 */
class RealConfigServeTest {

    static final Path CONFIGS = Path.of("src/test/resources/config");

    @TempDir
    Path dir;

    @Test
    void theManPageExamplesServe() throws Exception {
        try (Pty s0 = new Pty(); Pty usb0 = new Pty(); EchoDevice e1 = new EchoDevice(s0);
             EchoDevice e2 = new EchoDevice(usb0)) {
            int p1234 = Ports.free();
            int p2001 = Ports.free();
            int p2002 = Ports.free();
            String text = Files.readString(CONFIGS.resolve("ser2net-manpage-examples.yaml"))
                    .replace("/dev/ttyS0", s0.slavePath()).replace("/dev/ttyUSB0", usb0.slavePath())
                    .replace("tcp,1234", "tcp," + p1234).replace("tcp,2001", "tcp," + p2001)
                    .replace("tcp,2002", "tcp," + p2002);
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, text);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> app.bridges().bridges().size() == 3);
                assertThat(app.bridges().bridge("toS0tcp").spec().line().baudRate()).isEqualTo(9600);
                assertThat(app.bridges().bridge("folded").spec().line().flowControl().word()).isEqualTo("rtscts");
                echoes(p1234, "toS0tcp");
                echoes(p2001, "folded");
                // folded and quoted share /dev/ttyUSB0: the next client of quoted comes once folded let it go
                await().atMost(5, TimeUnit.SECONDS).until(() -> !app.bridges().bridge("folded").isDeviceOpen());
                echoes(p2002, "quoted");
                // folded and quoted are two ports on one device: while one has it, the other says so (as ser2net)
                await().atMost(5, TimeUnit.SECONDS).until(() -> !app.bridges().bridge("quoted").isDeviceOpen()
                                                                && !app.bridges().bridge("folded").isDeviceOpen());
                try (TcpClient holder = new TcpClient(p2001)) {
                    holder.send("hold");
                    assertThat(holder.readText(4, 5000)).isEqualTo("hold");
                    try (TcpClient other = new TcpClient(p2002)) {
                        assertThat(other.readUntilClosed(5000)).isEqualTo("Port's device already in use\r\n");
                    }
                }
            }
        }
    }

    @Test
    void theSampleConfigServesWithItsTelnetPortAsPlainTcp() throws Exception {
        try (Pty byPath = new Pty(); EchoDevice echo = new EchoDevice(byPath)) {
            int port = Ports.free();
            Path link = dir.resolve("platform-3f980000.usb-usb-0:1.2:1.0-port0");
            Files.createSymbolicLink(link, Path.of(byPath.slavePath()));
            String text = Files.readString(CONFIGS.resolve("ser2net-sample-v1.yaml"))
                    .replace("accepter: telnet(rfc2217),tcp,2013", "accepter: tcp," + port)
                    .replace("/dev/serial/by-path/platform-3f980000.usb-usb-0:1.2:1.0-port0", link.toString())
                    .replace("include: /etc/ser2net/ser2net/*.yaml", "");
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, text);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> app.bridges().bridge("con01") != null);
                // the file's later "default: speed 115200n81" does not reach con01, which comes before it
                assertThat(app.bridges().bridge("con01").spec().line().baudRate()).isEqualTo(9600);
                echoes(port, "con01");
            }
        }
    }

    @Test
    void debiansDefaultConfigServesWithItsBanner() throws Exception {
        try (Pty s0 = new Pty(); Pty s1 = new Pty(); EchoDevice e0 = new EchoDevice(s0);
             EchoDevice e1 = new EchoDevice(s1)) {
            int[] ports = { Ports.free(), Ports.free(), Ports.free(), Ports.free() };
            String text = Files.readString(CONFIGS.resolve("ser2net-debian-default.yaml"))
                    .replace("/dev/ttyS0", s0.slavePath()).replace("/dev/ttyS1", s1.slavePath())
                    .replace("tcp,localhost,2000", "tcp,localhost," + ports[0])
                    .replace("tcp,localhost,2001", "tcp,localhost," + ports[1])
                    .replace("tcp,localhost,3000", "tcp,localhost," + ports[2])
                    .replace("tcp,localhost,3001", "tcp,localhost," + ports[3]);
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, text);
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString(), "ser2net.discovery",
                    "false"))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> app.bridges().bridges().size() == 4);
                try (TcpClient client = new TcpClient(ports[0])) {
                    String banner = "\r\nser2net port " + ports[0] + " device serialdev," + s0.slavePath()
                                    + ",9600N81 [9600N81] (Debian GNU/Linux)\r\n\r\n";
                    assertThat(client.readText(banner.length(), 5000)).isEqualTo(banner);
                    client.send("debian");
                    assertThat(client.readText(6, 5000)).isEqualTo("debian");
                }
                assertThat(app.bridges().bridge("con0192").spec().line().baudRate()).isEqualTo(19200);
            }
        }
    }

    @Test
    void aFileWithLedsAndAnAdminPortServesItsConnectionsAndSaysOnceWhatIsIgnored() throws Exception {
        // as ser2net.yaml(5) writes them: an admin port, an LED definition, and a connection that flashes it
        try (Pty tty = new Pty(); EchoDevice echo = new EchoDevice(tty); LogCapture log = new LogCapture()) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    admin:
                      accepter: tcp,localhost,%d

                    led: &led1
                      driver: sysfs
                      options:
                        device: "input2::scrolllock"
                        state: 1

                    connection: &con0
                      accepter: tcp,%d
                      connector: serialdev,%s,9600n81,local
                      options:
                        led-tx: *led1
                        led-rx: *led1
                    """.formatted(Ports.free(), port, tty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                echoes(port, "blink");
                app.awaitReconcilePasses(3);
                assertThat(log.lines("[WARN]")).filteredOn(l -> l.contains("ignored")).extracting(
                        l -> l.substring(l.indexOf(config.toString()) + config.toString().length() + 2))
                        .containsExactly(
                                "admin: ser2net's admin port is not provided here; ignored (/ports, /observe/health and"
                                + " Hawtio show and control the bridges)",
                                "led: LEDs are not driven here; ignored (connections that name one are served without it)",
                                "connection con0: led-tx: LEDs are not driven here; ignored",
                                "connection con0: led-rx: LEDs are not driven here; ignored");
                assertThat(log.lines("[ERROR]")).isEmpty();
            }
        }
    }

    @Test
    void addressFamiliesAndSerialdevOptionsAsGensioWritesThemServe() throws Exception {
        // gensio's tcp,ipv4,… / ipv6n4 addresses and serialdev(nouucplock=true) were refused whole before
        try (Pty a = new Pty(); Pty b = new Pty(); Pty c = new Pty(); Pty d = new Pty(); EchoDevice ea = new EchoDevice(a);
             EchoDevice eb = new EchoDevice(b); EchoDevice ec = new EchoDevice(c); EchoDevice ed = new EchoDevice(d);
             LogCapture log = new LogCapture()) {
            int named = Ports.free();
            int any4 = Ports.free();
            int dual = Ports.free();
            int loop6 = Ports.free();
            String yaml = """
                    connection: &named4
                      accepter: tcp(nodelay=true,readbuf=4096),ipv4,localhost,%d
                      connector: serialdev(nouucplock=true),%s,115200n81,local
                    connection: &any4
                      accepter: telnet(rfc2217=false,mode=server),tcp,ipv4,%d
                      connector: serialdev(readbuf=256, nouucplock),%s,9600n81,local
                    connection: &dual
                      accepter: tcp,ipv6n4,%d
                      connector: serialdev,%s,9600n81,local
                    connection: &loop6
                      accepter: tcp,ipv6,::1,%d
                      connector: serialdev,%s,9600n81,local
                    connection: &any6
                      accepter: tcp,ipv6,%d
                      connector: serialdev,%s,9600n81,local
                    """.formatted(named, a.slavePath(), any4, b.slavePath(), dual, c.slavePath(), loop6, d.slavePath(),
                    Ports.free(), d.slavePath());
            try (RunningApp app = RunningApp.serving(dir, yaml, named, dual, loop6)) {
                echoes(named, "v4 by name");
                echoes(dual, "v4-mapped");
                try (java.net.Socket v6 = new java.net.Socket("::1", loop6)) {
                    v6.getOutputStream().write("v6".getBytes(StandardCharsets.US_ASCII));
                    v6.setSoTimeout(5000);
                    assertThat(v6.getInputStream().readNBytes(2)).isEqualTo("v6".getBytes(StandardCharsets.US_ASCII));
                }
                assertThat(app.bridges().bridge("loop6").spec().listenAddress()).isEqualTo("[::1]:" + loop6);
                assertThat(app.bridges().bridge("named4").spec().connection().accepter().family())
                        .isEqualTo(land.keen.ser2net.spec.AccepterSpec.Family.IPV4);
                assertThat(app.bridges().bridge("any4").spec().listenAddress()).isEqualTo("0.0.0.0:" + any4);
                assertThat(app.bridges().bridge("dual").spec().listenAddress()).isEqualTo("[::]:" + dual);
                app.awaitReconcilePasses(3);
                assertThat(log.lines("[ERROR]")).isEmpty();
                // said once: plain ipv6 is dual-stack here, where gensio would take IPv6 clients only
                assertThat(log.lines("[WARN]")).filteredOn(l -> l.contains("connection any6")).singleElement()
                        .asString().contains("ipv6 without an address listens on :: and takes IPv4 clients too");
                assertThat(app.bridges().bridge("any6")).isNotNull();
            }
        }
    }

    private static void echoes(int port, String text) throws Exception {
        assertThat(TcpClient.echo(port, text)).isEqualTo(text);
    }
}
