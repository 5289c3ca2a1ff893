package land.keen.ser2net.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ser2net's three trace files as its man page has them: trace-read (device output), trace-write (client bytes to the
 * device) and trace-both, a file of its own with both directions; each recorded raw or as a hex dump, with or
 * without times, set for all three (trace-hexdump) or one (trace-write-hexdump), the later option winning.
 */
class TraceFilesTest {

    @TempDir
    Path dir;

    @Test
    void eachTraceFileRecordsItsDirectionsInItsOwnStyle() throws Exception {
        int port = Ports.free();
        Path read = dir.resolve("read.log");
        Path write = dir.resolve("write.log");
        Path both = dir.resolve("both.log");
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty);
             RunningApp app = RunningApp.serving(dir, """
                     connection: &traced
                       accepter: tcp,%d
                       connector: serialdev,%s,115200n81,local
                       options:
                         trace-read: %s
                         trace-write: %s
                         trace-both: %s
                         trace-hexdump: true
                         trace-read-hexdump: false
                         trace-both-timestamp: true
                     """.formatted(port, pty.slavePath(), read, write, both), port)) {
            try (TcpClient client = new TcpClient(port)) {
                client.send("PING\r");
                assertThat(client.readText(5, 5000)).isEqualTo("PING\r");
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> Files.exists(both)
                    && Files.readString(both).contains("dev->net") && Files.readString(both).contains("net->dev"));
        }
        // the read file: device output only, raw (trace-read-hexdump: false came after trace-hexdump: true)
        assertThat(Files.readString(read)).isEqualTo("PING\r");
        // the write file: client bytes only, a hex dump without times
        assertThat(Files.readString(write)).startsWith("net->dev: 5 bytes\n").contains("50 49 4e 47 0d")
                .doesNotContain("dev->net");
        // the both file: both directions, hex dumps with times, though the other two files are traced as well
        assertThat(Files.readString(both))
                .containsPattern("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} net->dev: 5 bytes")
                .containsPattern("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} dev->net: \\d bytes")
                .contains("|PING.|");
    }
}
