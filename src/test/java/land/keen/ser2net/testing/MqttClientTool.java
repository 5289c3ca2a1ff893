package land.keen.ser2net.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The other end of MQTT in tests: Mosquitto's own command line clients. A subscription runs mosquitto_sub and keeps
 * every message it prints (topic, retained flag, payload); {@link #publish} runs mosquitto_pub.
 */
public final class MqttClientTool implements AutoCloseable {

    public static final String SUB = "/usr/bin/mosquitto_sub";
    public static final String PUB = "/usr/bin/mosquitto_pub";

    /** One message as the subscriber got it. */
    public record Message(String topic, boolean retained, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Process process;
    private final List<Message> messages = new ArrayList<>();

    private MqttClientTool(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "mosquitto_sub");
        reader.setDaemon(true);
        reader.start();
    }

    /** Subscribes (QoS 1) to a topic filter on the broker, e.g. dsmr/#. */
    public static MqttClientTool subscribe(Mosquitto broker, String topicFilter) throws IOException {
        // one line per message: topic, retained flag, payload in hex (payloads have line breaks)
        Process p = new ProcessBuilder(SUB, "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-q", "1",
                "-t", topicFilter, "-F", "%t %r %x").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new MqttClientTool(p);
    }

    public static void publish(Mosquitto broker, String topic, String message) throws Exception {
        Process p = new ProcessBuilder(PUB, "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-q", "1",
                "-t", topic, "-m", message).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("mosquitto_pub failed: "
                                            + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ", 3);
                if (f.length < 2) {
                    continue;
                }
                byte[] payload = f.length == 3 ? HexFormat.of().parseHex(f[2]) : new byte[0];
                synchronized (messages) {
                    messages.add(new Message(f[0], "1".equals(f[1]), payload));
                }
            }
        } catch (IOException e) {
            // the subscriber was closed
        }
    }

    /** Every message received so far on one topic, in order. */
    public List<Message> on(String topic) {
        synchronized (messages) {
            return messages.stream().filter(m -> m.topic().equals(topic)).toList();
        }
    }

    public List<Message> all() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
