package land.keen.ser2net.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.ForkedApp;
import land.keen.ser2net.testing.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret is readable anonymously: a Jolokia password given on the command line (-D), in the environment or in a
 * file stays out of Jolokia reads (Runtime InputArguments, SystemProperties, every attribute of every MBean), /ports,
 * health, metrics and the log; the operator who knows it still may exec.
 */
class SecretsTest {

    @TempDir
    static Path dir;

    static final HttpClient http = HttpClient.newHttpClient();
    static final String ON_COMMAND_LINE = "cmd-" + UUID.randomUUID();
    static final String IN_ENV = "env-" + UUID.randomUUID();
    static final String IN_FILE = "file-" + UUID.randomUUID();
    static ForkedApp commandLine;
    static ForkedApp fromFile;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> props = settings(Ports.free(), "a");
        props.put("ser2net.jolokia.password", ON_COMMAND_LINE);
        commandLine = ForkedApp.start(dir, props, Map.of());
        Path secret = dir.resolve("jolokia-password");
        Files.writeString(secret, IN_FILE + "\n");
        Map<String, String> fileProps = settings(Ports.free(), "b");
        fileProps.put("ser2net.jolokia.password-file", secret.toString());
        // the environment also holds a password (ignored: the file wins) that must not show either
        fromFile = ForkedApp.start(dir, fileProps, Map.of("SER2NET_JOLOKIA_PASSWORD", IN_ENV));
        for (ForkedApp app : new ForkedApp[] { commandLine, fromFile }) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> get(app, "/ports", null).contains("zigbee")
                    && get(app, "/observe/jolokia/version", null).contains("\"status\":200"));
        }
    }

    /** A ser2net.yaml with one bridge (its device absent) on {@code port}, served alone. */
    static Map<String, String> settings(int port, String name) throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                connection: &zigbee
                  accepter: tcp,127.0.0.1,%d
                  connector: serialdev,%s,115200n81,local
                """.formatted(port, dir.resolve("no-such-stick")));
        Map<String, String> settings = new java.util.HashMap<>(Map.of("ser2net.config", config.toString(),
                "ser2net.discovery", "false", "ser2net.jolokia.user", "ops"));
        return settings;
    }

    @AfterAll
    static void stop() throws Exception {
        commandLine.close();
        fromFile.close();
    }

    static String get(ForkedApp app, String path, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.httpBase() + path)).GET();
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static String post(ForkedApp app, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/observe/jolokia"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theRuntimeMBeanDoesNotShowTheCommandLineToAnonymousCallers() throws Exception {
        String args = get(commandLine, "/observe/jolokia/read/java.lang:type=Runtime/InputArguments", null);
        assertThat(args).contains("\"status\":403").doesNotContain(ON_COMMAND_LINE);
        String props = get(commandLine, "/observe/jolokia/read/java.lang:type=Runtime/SystemProperties", null);
        assertThat(props).contains("\"status\":403").doesNotContain(ON_COMMAND_LINE);
        String whole = get(commandLine, "/observe/jolokia/read/java.lang:type=Runtime?ignoreErrors=true", null);
        assertThat(whole).contains("\"VmName\"").doesNotContain(ON_COMMAND_LINE);
        // the same through POST, as Hawtio asks
        String bulk = post(commandLine, "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                                        + "\"attribute\":\"InputArguments\"},{\"type\":\"read\",\"mbean\":"
                                        + "\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}]");
        assertThat(bulk).contains("\"status\":403").contains("\"status\":200").doesNotContain(ON_COMMAND_LINE);
        // the operator sees it: the check above would catch a leak
        assertThat(get(commandLine, "/observe/jolokia/read/java.lang:type=Runtime/InputArguments",
                "ops:" + ON_COMMAND_LINE)).contains(ON_COMMAND_LINE);
    }

    @Test
    void noMBeanAttributeShowsAnySecret() throws Exception {
        for (ForkedApp app : new ForkedApp[] { commandLine, fromFile }) {
            String everything = post(app, "{\"type\":\"read\",\"mbean\":\"*:*\",\"config\":{\"ignoreErrors\":true}}");
            // a real answer (every MBean), not an error
            assertThat(everything).contains("HeapMemoryUsage").contains("bridge-zigbee");
            assertThat(everything).doesNotContain(ON_COMMAND_LINE).doesNotContain(IN_ENV).doesNotContain(IN_FILE);
            String list = get(app, "/observe/jolokia/list", null);
            assertThat(list).contains("java.lang").doesNotContain(ON_COMMAND_LINE).doesNotContain(IN_ENV)
                    .doesNotContain(IN_FILE);
        }
    }

    @Test
    void portsHealthMetricsAndTheLogHoldNoSecret() throws Exception {
        for (ForkedApp app : new ForkedApp[] { commandLine, fromFile }) {
            String seen = get(app, "/ports", null) + get(app, "/observe/health?data=true", null)
                          + get(app, "/observe/metrics", null) + app.log();
            assertThat(seen).contains("zigbee").doesNotContain(ON_COMMAND_LINE).doesNotContain(IN_ENV)
                    .doesNotContain(IN_FILE);
        }
        // the user is told once why -D is a poor place for a password, and where to put it instead
        assertThat(commandLine.logLines("ser2net.jolokia.password is given as -D")).hasSize(1);
        assertThat(fromFile.logLines("password from ser2net.jolokia.password-file")).hasSize(1);
    }

    @Test
    void withOnlyAUsersOwnRouteFileCamelsJolokiaIsReadOnlyAndHidesTheCommandLine() throws Exception {
        Path route = dir.resolve("my-route.yaml");
        Files.writeString(route, """
                - route:
                    id: tick
                    from:
                      uri: "timer:tick?period=60000"
                      steps:
                        - log: "tick"
                """);
        try (ForkedApp own = ForkedApp.start(dir, Map.of("camel.main.routes-include-pattern", "file:" + route,
                "ser2net.jolokia.password", ON_COMMAND_LINE), Map.of())) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> get(own, "/observe/jolokia/version", null)
                    .contains("\"status\":200"));
            assertThat(get(own, "/observe/jolokia/read/java.lang:type=Runtime/InputArguments", null))
                    .contains("forbidden").doesNotContain(ON_COMMAND_LINE);
            assertThat(get(own, "/observe/jolokia/exec/java.lang:type=Memory/gc()", null)).contains("forbidden");
            assertThat(post(own, "{\"type\":\"read\",\"mbean\":\"*:*\",\"config\":{\"ignoreErrors\":true}}"))
                    .contains("HeapMemoryUsage").doesNotContain(ON_COMMAND_LINE);
        }
    }

    @Test
    void thePasswordFromTheFileLetsTheOperatorExec() throws Exception {
        String gc = "/observe/jolokia/exec/java.lang:type=Memory/gc()";
        assertThat(get(fromFile, gc, null)).contains("\"status\":403");
        assertThat(get(fromFile, gc, "ops:" + IN_ENV)).contains("\"status\":403");
        assertThat(get(fromFile, gc, "ops:" + IN_FILE)).contains("\"status\":200");
        assertThat(get(commandLine, gc, "ops:" + ON_COMMAND_LINE)).contains("\"status\":200");
    }
}
