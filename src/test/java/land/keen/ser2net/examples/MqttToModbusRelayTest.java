package land.keen.ser2net.examples;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.protocols.Crc16;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Mosquitto;
import land.keen.ser2net.testing.MqttClientTool;
import land.keen.ser2net.testing.MqttClientTool.Message;
import land.keen.ser2net.testing.RunningApp;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/examples/mqtt-to-modbus-relay.yaml in the real app: mosquitto_pub sends commands through Debian's
 * Mosquitto, a pty plays a 4-relay Modbus RTU board (answers write-single-coil with the echo the standard specifies,
 * a coil it does not have with exception 02), mosquitto_sub reads the status topic.
 */
class MqttToModbusRelayTest {

    private static final String EXAMPLE = "file:routes/*.yaml,file:routes/examples/mqtt-to-modbus-relay.yaml";

    @TempDir
    Path dir;

    /** A relay board with coils 0-3 at unit 1; keeps every frame it got. */
    private static final class RelayBoard implements AutoCloseable {
        final Pty pty = new Pty();
        final List<String> received = new ArrayList<>();
        final AtomicBoolean answering = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::serve, "relay-board");
        private volatile boolean running = true;

        RelayBoard() {
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            try {
                while (running) {
                    byte[] b = pty.read(64, 100);
                    if (b == null) {
                        continue;
                    }
                    if (b.length == 0) {
                        return;
                    }
                    in.write(b);
                    while (in.size() >= 8) {
                        byte[] all = in.toByteArray();
                        byte[] frame = Arrays.copyOf(all, 8);
                        in.reset();
                        in.write(all, 8, all.length - 8);
                        synchronized (received) {
                            received.add(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(frame));
                        }
                        if (answering.get()) {
                            pty.write(answer(frame));
                        }
                    }
                }
            } catch (Exception e) {
                // the board was closed
            }
        }

        private static byte[] answer(byte[] request) {
            int coil = (request[2] & 0xFF) << 8 | (request[3] & 0xFF);
            if (coil < 4) {
                return request; // write single coil: the reply echoes the request
            }
            byte[] exception = { request[0], (byte) 0x85, 0x02, 0, 0 };
            int crc = Crc16.modbus(exception, 0, 3);
            exception[3] = (byte) crc;
            exception[4] = (byte) (crc >> 8);
            return exception;
        }

        List<String> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
            pty.close();
        }
    }

    @Test
    void commandsSwitchTheRelaysAndTheBoardsRepliesArePublished() throws Exception {
        try (LogCapture log = new LogCapture();
             Mosquitto broker = new Mosquitto(dir);
             MqttClientTool status = MqttClientTool.subscribe(broker, "relays/status");
             RelayBoard board = new RelayBoard();
             RunningApp app = RunningApp.start(Map.of(
                     "camel.main.routes-include-pattern", EXAMPLE,
                     "ser2net.discovery", "false",
                     "ser2net.demo", "false",
                     "relay.device", board.pty.slavePath(),
                     "relay.reply-timeout", "500",
                     "mqtt.broker-url", broker.url()))) {
            // subscribed once connected (a command sent before would be lost: clean session, as MQTT says)
            await().atMost(20, TimeUnit.SECONDS).until(() -> !log.lines("mqtt: connected to").isEmpty());
            MqttClientTool.publish(broker, "relays/set", "{\"relay\": 1, \"state\": \"on\"}");
            await().atMost(10, TimeUnit.SECONDS).until(() -> !status.on("relays/status").isEmpty());
            int first = status.on("relays/status").size();
            // the frame every Modbus relay board manual shows for "relay 1 on"
            assertThat(board.received().get(0)).isEqualTo("01 05 00 00 FF 00 8C 3A");
            assertThat(status.on("relays/status").get(0).text())
                    .isEqualTo("{\"unit\":1,\"relay\":1,\"state\":\"on\",\"ok\":true}");

            // YAML works as well as JSON
            MqttClientTool.publish(broker, "relays/set", "relay: 2\nstate: off");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status.on("relays/status").size() == first + 1);
            assertThat(board.received()).last().isEqualTo("01 05 00 01 00 00 9C 0A");
            assertThat(last(status).text()).isEqualTo("{\"unit\":1,\"relay\":2,\"state\":\"off\",\"ok\":true}");

            // a relay the board does not have: its Modbus exception comes back
            MqttClientTool.publish(broker, "relays/set", "{\"relay\": 9, \"state\": \"on\"}");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status.on("relays/status").size() == first + 2);
            assertThat(last(status).text()).contains("\"ok\":false").contains("Modbus exception 2");

            // a command that makes no sense never reaches the board
            int framesSoFar = board.received().size();
            MqttClientTool.publish(broker, "relays/set", "{\"relay\": \"one\", \"state\": \"on\"}");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status.on("relays/status").size() == first + 3);
            assertThat(last(status).text()).contains("\"ok\":false").contains("relay must be a number");
            MqttClientTool.publish(broker, "relays/set", "{\"relay\": 3, \"state\": \"dim\"}");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status.on("relays/status").size() == first + 4);
            assertThat(last(status).text()).contains("state must be on or off");
            assertThat(board.received()).hasSize(framesSoFar);

            // a board that does not answer
            board.answering.set(false);
            MqttClientTool.publish(broker, "relays/set", "{\"relay\": 4, \"state\": \"on\"}");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status.on("relays/status").size() == first + 5);
            assertThat(last(status).text()).isEqualTo("{\"ok\":false,\"error\":\"no reply from the relay board\"}");

            // the broker goes away and comes back: the command subscription is made again
            board.answering.set(true);
            broker.stop();
            await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("mqtt: lost the connection").isEmpty());
            broker.start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> !log.lines("again (").isEmpty());
            try (MqttClientTool statusAgain = MqttClientTool.subscribe(broker, "relays/status")) {
                MqttClientTool.publish(broker, "relays/set", "{\"relay\": 3, \"state\": \"on\"}");
                await().atMost(10, TimeUnit.SECONDS).until(() -> !statusAgain.on("relays/status").isEmpty());
                assertThat(statusAgain.on("relays/status")).extracting(Message::text)
                        .containsExactly("{\"unit\":1,\"relay\":3,\"state\":\"on\",\"ok\":true}");
            }
            assertThat(board.received()).last().isEqualTo("01 05 00 02 FF 00 2D FA");

            // the board unplugged: a command gets a status saying why it could not be sent
            board.close();
            await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("relay: board").isEmpty());
            try (MqttClientTool statusUnplugged = MqttClientTool.subscribe(broker, "relays/status")) {
                MqttClientTool.publish(broker, "relays/set", "{\"relay\": 1, \"state\": \"off\"}");
                await().atMost(10, TimeUnit.SECONDS).until(() -> !statusUnplugged.on("relays/status").isEmpty());
                JsonObject unplugged = (JsonObject) Jsoner.deserialize(statusUnplugged.on("relays/status").get(0).text());
                assertThat(unplugged.getBoolean("ok")).isFalse();
                assertThat(unplugged.getString("error")).isEqualTo(board.pty.slavePath() + ": No such file or directory");
            }

            // Hawtio lists the routes by id, with their description, from JMX
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            for (String id : List.of("mqtt-to-modbus-relay", "modbus-relay-replies")) {
                Set<ObjectName> routes = jmx.queryNames(
                        new ObjectName("org.apache.camel:type=routes,name=\"" + id + "\",*"), null);
                assertThat(routes).as(id).hasSize(1);
                assertThat((String) jmx.getAttribute(routes.iterator().next(), "Description")).containsIgnoringCase("relay board");
            }
        }
    }

    private static Message last(MqttClientTool sub) {
        List<Message> all = sub.on("relays/status");
        return all.get(all.size() - 1);
    }
}
