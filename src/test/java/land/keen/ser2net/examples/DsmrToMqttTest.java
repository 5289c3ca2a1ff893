package land.keen.ser2net.examples;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.LogCapture;
import land.keen.ser2net.testing.Mosquitto;
import land.keen.ser2net.testing.MqttClientTool;
import land.keen.ser2net.testing.MqttClientTool.Message;
import land.keen.ser2net.testing.RunningApp;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static land.keen.ser2net.examples.DsmrTelegramSamples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/examples/dsmr-to-mqtt.yaml in the real app, enabled the way the README says, between a pty playing the
 * smart meter and Debian's Mosquitto, with mosquitto_sub as the other end.
 */
class DsmrToMqttTest {

    private static final String EXAMPLE = "file:routes/*.yaml,file:routes/examples/dsmr-to-mqtt.yaml";

    @TempDir
    Path dir;

    private RunningApp startApp(Path device, Mosquitto broker) throws Exception {
        return RunningApp.start(Map.of(
                "camel.main.routes-include-pattern", EXAMPLE,
                "ser2net.discovery", "false",
                "ser2net.demo", "false",
                "dsmr.device", device.toString(),
                "mqtt.broker-url", broker.url()));
    }

    /** The meter's device node: a link to the pty, as /dev/serial/by-id/... links are. */
    private Path plug(Pty meter) throws Exception {
        Path link = dir.resolve("ttyUSB-meter");
        Files.deleteIfExists(link);
        return Files.createSymbolicLink(link, Path.of(meter.slavePath()));
    }

    @Test
    void goodTelegramsArePublishedRawAndAsJsonAndBadOnesAreDroppedAndCounted() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir);
             MqttClientTool sub = MqttClientTool.subscribe(broker, "#");
             Pty meter = new Pty();
             RunningApp app = startApp(plug(meter), broker)) {
            // Home Assistant discovery: retained, so they are there for Home Assistant whenever it starts
            await().atMost(20, TimeUnit.SECONDS).until(
                    () -> !sub.on("homeassistant/sensor/dsmr_p1/power_import_kw/config").isEmpty());
            JsonObject config = json(sub.on("homeassistant/sensor/dsmr_p1/power_import_kw/config").get(0));
            assertThat(config.getString("state_topic")).isEqualTo("dsmr/state");
            assertThat(config.getString("unit_of_measurement")).isEqualTo("kW");
            // published one after the other: wait for the last of them, then there is exactly one
            await().atMost(10, TimeUnit.SECONDS).until(
                    () -> !sub.on("homeassistant/sensor/dsmr_p1/gas_m3/config").isEmpty());
            assertThat(sub.on("homeassistant/sensor/dsmr_p1/gas_m3/config")).hasSize(1);

            String good = DsmrTelegramSamples.good();
            String second = DsmrTelegramSamples.withPower(0.25);
            // noise on the line before the first telegram, and the good one in three pieces as a UART delivers it
            meter.write(bytes("\u0000\u00ff1-0:1.7.0(00.1"));
            meter.write(bytes(good.substring(0, 100)));
            meter.write(bytes(good.substring(100, 700)));
            meter.write(bytes(good.substring(700) + "garbage\r\n"));
            // the standard's example as printed: its CRC does not match its content
            meter.write(bytes(DsmrTelegramSamples.asPrinted()));
            // a telegram cut short (meter restarted) and then a whole one
            meter.write(bytes(good.substring(0, 400)));
            meter.write(bytes(second));

            await().atMost(10, TimeUnit.SECONDS).until(() -> sub.on("dsmr/state").size() >= 2);
            List<Message> raw = sub.on("dsmr/telegram");
            assertThat(raw).extracting(Message::text).containsExactly(good, second);

            List<Message> states = sub.on("dsmr/state");
            assertThat(states).hasSize(2);
            JsonObject first = json(states.get(0));
            assertThat(first.get("power_import_kw")).isEqualTo(new BigDecimal("1.193"));
            assertThat(first.get("power_export_kw")).isEqualTo(new BigDecimal("0.000"));
            assertThat(first.get("energy_import_tariff1_kwh")).isEqualTo(new BigDecimal("123456.789"));
            assertThat(first.get("energy_export_tariff2_kwh")).isEqualTo(new BigDecimal("123456.789"));
            assertThat(first.get("gas_m3")).isEqualTo(new BigDecimal("12785.123"));
            assertThat(first.getString("timestamp")).isEqualTo("2010-12-09T11:30:20+01:00");
            assertThat(first.getString("equipment_id")).isEqualTo("K8EG004046395507");
            assertThat(first.get("tariff")).isEqualTo(new BigDecimal("0002"));
            JsonObject next = json(states.get(1));
            assertThat(next.get("power_import_kw")).isEqualTo(new BigDecimal("0.250"));
            assertThat(next.get("rejected_telegrams")).isEqualTo(new BigDecimal("1"));

            assertThat(sub.on("dsmr/rejected")).extracting(Message::text)
                    .containsExactly("CRC mismatch: telegram says EF2F, content gives E47C");
            // retained: a dashboard that subscribes now gets the latest reading at once
            try (MqttClientTool late = MqttClientTool.subscribe(broker, "dsmr/state")) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> !late.on("dsmr/state").isEmpty());
                assertThat(late.on("dsmr/state").get(0).retained()).isTrue();
                assertThat(json(late.on("dsmr/state").get(0)).get("power_import_kw"))
                        .isEqualTo(new BigDecimal("0.250"));
            }
            // Hawtio shows the routes with their counts: the rejected route's count is the number dropped
            assertThat(app.context().getRoute("dsmr-rejected").getDescription()).contains("dropped");
        }
    }

    @Test
    void aBrokerThatGoesAwayAndComesBackGetsTheTelegramsSentAfterItReturnsEachOnce() throws Exception {
        try (LogCapture log = new LogCapture();
             Mosquitto broker = new Mosquitto(dir);
             Pty meter = new Pty();
             RunningApp app = startApp(plug(meter), broker)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread meterClock = new Thread(() -> {
                // a meter sends a telegram every second; faster here, each with its own reading (watts = count)
                for (int n = 1; running.get(); n++) {
                    try {
                        meter.write(bytes(DsmrTelegramSamples.withPower(n / 1000.0)));
                        Thread.sleep(150);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "meter");
            meterClock.start();
            try {
                try (MqttClientTool before = MqttClientTool.subscribe(broker, "dsmr/telegram")) {
                    await().atMost(20, TimeUnit.SECONDS).until(() -> before.on("dsmr/telegram").size() >= 2);
                }
                broker.stop();
                await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("mqtt: lost the connection").isEmpty());
                broker.start();
                try (MqttClientTool after = MqttClientTool.subscribe(broker, "dsmr/telegram")) {
                    await().atMost(20, TimeUnit.SECONDS).until(() -> after.on("dsmr/telegram").size() >= 5);
                    List<Integer> readings = after.on("dsmr/telegram").stream().map(m -> watts(m.text())).toList();
                    // in order, and none twice
                    assertThat(readings).isSorted().doesNotHaveDuplicates();
                }
                assertThat(log.lines("mqtt: lost the connection")).hasSize(1);
                assertThat(log.lines("again (")).hasSize(1);
            } finally {
                running.set(false);
                meterClock.join();
            }
        }
    }

    @Test
    void aMeterUnpluggedInTheMiddleOfATelegramPublishesNothingOfItAndIsReadAgainOncePluggedBackIn()
            throws Exception {
        try (LogCapture log = new LogCapture();
             Mosquitto broker = new Mosquitto(dir);
             MqttClientTool sub = MqttClientTool.subscribe(broker, "dsmr/#");
             Pty meter = new Pty();
             RunningApp app = startApp(plug(meter), broker)) {
            String good = DsmrTelegramSamples.good();
            meter.write(bytes(good));
            await().atMost(20, TimeUnit.SECONDS).until(() -> sub.on("dsmr/state").size() == 1);

            meter.write(bytes(DsmrTelegramSamples.withPower(2.5).substring(0, 600)));
            meter.close();
            await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("dsmr: meter").isEmpty());
            assertThat(log.lines("dsmr: meter").get(0)).contains("lost");

            // plugged in again (the by-id style link now points at the new device node)
            try (Pty again = new Pty()) {
                plug(again);
                await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("device is back").isEmpty());
                String after = DsmrTelegramSamples.withPower(0.5);
                again.write(bytes(after));
                await().atMost(10, TimeUnit.SECONDS).until(() -> sub.on("dsmr/telegram").size() == 2);
                // nothing of the half telegram came out, neither as a telegram nor as a rejected one
                assertThat(sub.on("dsmr/telegram")).extracting(Message::text).containsExactly(good, after);
                assertThat(sub.on("dsmr/rejected")).isEmpty();
            }
        }
    }

    @Test
    void aMeterMissingAtStartStopsNothingAndIsReadOncePluggedIn() throws Exception {
        try (LogCapture log = new LogCapture();
             Mosquitto broker = new Mosquitto(dir);
             MqttClientTool sub = MqttClientTool.subscribe(broker, "dsmr/telegram");
             RunningApp app = startApp(dir.resolve("ttyUSB-meter"), broker)) {
            assertThat(log.lines("cannot open it")).hasSize(1);
            assertThat(app.context().getRouteController().getRouteStatus("dsmr-to-mqtt").isStarted()).isTrue();
            try (Pty meter = new Pty()) {
                plug(meter);
                await().atMost(10, TimeUnit.SECONDS).until(() -> !log.lines("device is there now").isEmpty());
                String good = DsmrTelegramSamples.good();
                meter.write(bytes(good));
                await().atMost(10, TimeUnit.SECONDS).until(() -> !sub.on("dsmr/telegram").isEmpty());
                assertThat(sub.on("dsmr/telegram")).extracting(Message::text).containsExactly(good);
            }
        }
    }

    private static JsonObject json(Message m) throws Exception {
        return (JsonObject) Jsoner.deserialize(m.text());
    }

    /** The power reading of a telegram from the meter clock, in watts. */
    private static int watts(String telegram) {
        int at = telegram.indexOf("1-0:1.7.0(") + "1-0:1.7.0(".length();
        return new BigDecimal(telegram.substring(at, telegram.indexOf('*', at))).movePointRight(3).intValue();
    }
}
