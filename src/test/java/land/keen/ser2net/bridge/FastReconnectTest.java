package land.keen.ser2net.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.RunningApp;
import land.keen.ser2net.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway restart or a TCP health probe followed at once by the real client: with max-connections 1 the client
 * that already closed never counts, so the next one is always served (issue 9 §2; ser2net: 0 refusals of 300).
 */
class FastReconnectTest {

    private static final int ROUNDS = 300;

    @TempDir
    Path dir;

    @Test
    void aClientRightAfterOneThatClosedIsNeverRefused() throws Exception {
        try (Pty pty = new Pty(); EchoDevice echo = new EchoDevice(pty)) {
            int port = Ports.free();
            Path config = dir.resolve("ser2net.yaml");
            Files.writeString(config, """
                    connection: &probe
                      accepter: tcp,%d
                      connector: serialdev,%s,115200n81,local
                    """.formatted(port, pty.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("ser2net.config", config.toString()))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> Ports.listening(port));
                List<String> refusals = new ArrayList<>();
                for (int round = 1; round <= ROUNDS; round++) {
                    // the probe: connect and close at once, like a health check or a gateway going down
                    new TcpClient(port).close();
                    try (TcpClient client = new TcpClient(port)) {
                        client.send("x");
                        String answer = client.readText(1, 5000);
                        if (!answer.equals("x")) {
                            refusals.add("round " + round + ": " + answer + client.readUntilClosed(5000).trim());
                        }
                    }
                }
                assertThat(refusals).as("%d refused reconnects of %d", refusals.size(), ROUNDS).isEmpty();
            }
        }
    }
}
