package land.keen.ser2net.kamelets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import land.keen.ser2net.demo.Pty;
import land.keen.ser2net.testing.RunningApp;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kamelets/serial-source and serial-sink used on their own from a user's YAML route, loaded the way `camel run
 * --local-kamelet-dir=kamelets` loads them: from the kamelets folder on disk.
 */
class SerialKameletsTest {

    @TempDir
    Path dir;

    @Test
    void aUserRouteReadsAndWritesAStickThroughTheKamelets() throws Exception {
        try (Pty stick = new Pty()) {
            Path routes = dir.resolve("my-routes.yaml");
            Files.writeString(routes, """
                    - route:
                        id: from-stick
                        from:
                          uri: "kamelet:serial-source?device=%1$s&baudRate=38400&controlLines=dtr=off,rts=off"
                          steps:
                            - to: "seda:fromStick"
                    - route:
                        id: to-stick
                        from:
                          uri: "direct:toStick"
                          steps:
                            - to: "kamelet:serial-sink?device=%1$s&baudRate=38400"
                    """.formatted(stick.slavePath()));
            try (RunningApp app = RunningApp.start(Map.of("camel.main.routes-include-pattern", "file:" + routes))) {
                ConsumerTemplate consumer = app.context().createConsumerTemplate();
                ProducerTemplate producer = app.context().createProducerTemplate();

                stick.write(new byte[] { 0x1a, (byte) 0xc0, 0x38, (byte) 0xbc, 0x7e });
                byte[] got = consumer.receiveBody("seda:fromStick", 5000, byte[].class);
                assertThat(got).containsExactly(0x1a, 0xc0, 0x38, 0xbc, 0x7e);

                producer.sendBody("direct:toStick", "ATI\r");
                byte[] written = stick.read(16, 5000);
                assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("ATI\r");
                assertThat(stick.termios().ospeed()).isEqualTo(38400);
            }
        }
    }

    /** Documented like the Kamelet catalog's own: a user reads the properties, never the Java. */
    @Test
    @SuppressWarnings("unchecked")
    void everyPropertyHasATitleDescriptionTypeAndDefaultAndEveryPlaceholderIsAProperty() throws Exception {
        for (String name : List.of("serial-source", "serial-sink")) {
            String text = Files.readString(Path.of("kamelets", name + ".kamelet.yaml"));
            Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(text);
            assertThat(((Map<String, Object>) kamelet.get("metadata")).get("name")).isEqualTo(name);
            Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec"))
                    .get("definition");
            List<String> required = (List<String>) definition.get("required");
            Map<String, Map<String, Object>> properties =
                    (Map<String, Map<String, Object>>) definition.get("properties");
            properties.forEach((property, doc) -> {
                assertThat(doc).as(name + " " + property).containsKeys("title", "description", "type");
                if (!required.contains(property)) {
                    assertThat(doc).as(name + " " + property + " default").containsKey("default");
                }
            });
            Matcher placeholder = Pattern.compile("\\{\\{(\\w+)}}").matcher(text);
            while (placeholder.find()) {
                assertThat(properties).as(name + " uses {{" + placeholder.group(1) + "}}")
                        .containsKey(placeholder.group(1));
            }
        }
    }
}
