package land.keen.ser2net.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import land.keen.ser2net.testing.Ports;
import land.keen.ser2net.testing.StickNode;
import land.keen.ser2net.testing.TcpClient;

/**
 * The container image deploy/image.sh builds, run the way deploy/daemonset.yaml runs it: the podman options are
 * derived from the DaemonSet itself (host network, privileged, its volumes, read-only root, its environment), so what
 * the DaemonSet says is what runs here. The node's sticks come from a fake sysfs tree mounted in, with ptys playing
 * the sticks. One container for the whole class (a start costs seconds); skipped, with the reason, where podman
 * cannot run containers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageTest {

    static final Path DAEMONSET = Podman.REPO.resolve("deploy/daemonset.yaml");
    static final String NAME = "ser2net-camel-imagetest-" + ProcessHandle.current().pid();

    @TempDir
    static Path dir;
    static StickNode node;
    static int stickPort;
    static int httpPort;
    static String unavailable;

    /** The project version from pom.xml (the image's tag). */
    static String projectVersion() {
        try {
            Matcher m = Pattern.compile("<artifactId>ser2net-camel</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(Files.readString(Podman.REPO.resolve("pom.xml")));
            if (m.find()) {
                return m.group(1);
            }
            throw new IllegalStateException("no project version in pom.xml");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static DaemonSet daemonSet() throws Exception {
        return new KubernetesSerialization().unmarshal(Files.readString(DAEMONSET), DaemonSet.class);
    }

    @BeforeAll
    static void startLikeTheDaemonSet() throws Exception {
        unavailable = Podman.unavailable();
        if (unavailable != null) {
            return;
        }
        node = new StickNode(dir);
        stickPort = Ports.free();
        node.snippet("10c4:ea60.yaml", StickNode.connection("zigbee", stickPort));
        node.plug("ttyUSB0", "1-1.4", "10c4", "ea60", "IMG0001");
        httpPort = Ports.free();
        Podman.Result started = Podman.run(120, podmanRunArgs().toArray(String[]::new));
        assertThat(started.exit()).as("podman run: %s", started.out()).isZero();
    }

    /** podman run options from the DaemonSet's pod spec; fails on anything it does not know how to map. */
    static List<String> podmanRunArgs() throws Exception {
        PodSpec pod = daemonSet().getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", NAME));
        assertThat(pod.getHostNetwork()).isTrue();
        args.addAll(List.of("--network", "host"));
        if (Boolean.TRUE.equals(c.getSecurityContext().getPrivileged())) {
            args.add("--privileged");
        }
        if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
            args.add("--read-only");
        }
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElseThrow();
            String ro = Boolean.TRUE.equals(m.getReadOnly()) ? ":ro" : "";
            if (v.getHostPath() != null) {
                args.addAll(List.of("-v", v.getHostPath().getPath() + ":" + m.getMountPath() + ro));
            } else if (v.getEmptyDir() != null) {
                args.addAll(List.of("--tmpfs", m.getMountPath() + ":rw,size=" + v.getEmptyDir().getSizeLimit()
                        .toString().replace("Mi", "m")));
            } else if (v.getConfigMap() != null) {
                // the snippets ConfigMap: this test's snippets folder in its place
                args.addAll(List.of("-v", node.snippets() + ":" + m.getMountPath() + ro));
            } else {
                throw new AssertionError("volume " + v.getName() + ": no podman equivalent in this test");
            }
        }
        // the node's sticks: the fake sysfs and /dev, at the same paths inside (their symlinks stay valid)
        args.addAll(List.of("-v", dir + ":" + dir + ":ro"));
        for (Map.Entry<String, String> e : environment(c).entrySet()) {
            args.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
        }
        args.add(Podman.IMAGE);
        return args;
    }

    /** The DaemonSet's environment with the downward API filled in, plus what points the app at the fake node. */
    static Map<String, String> environment(Container c) {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> downward = Map.of("spec.nodeName", "imagetest-node", "status.hostIP", "127.0.0.1",
                "metadata.name", "ser2net-camel-imagetest", "metadata.namespace", "iot-system",
                "metadata.uid", "00000000-0000-0000-0000-000000000001");
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getFieldRef() != null) {
                env.put(e.getName(), downward.get(e.getValueFrom().getFieldRef().getFieldPath()));
            } else {
                assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).as("%s is optional", e.getName()).isTrue();
            }
        }
        // the management port: a free one, so a test never collides with whatever holds 8778 on this machine
        assertThat(env).containsEntry("CAMEL_MANAGEMENT_PORT", "8778");
        env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(httpPort));
        env.put("CAMEL_SERVER_PORT", String.valueOf(httpPort));
        env.put("SER2NET_SYSFS_ROOT", node.sysfs().sysRoot().toString());
        env.put("SER2NET_DEV_ROOT", node.sysfs().devRoot().toString());
        env.put("SER2NET_DEMO", "false");
        // the container is on the host network: no DNS-SD multicast may leave a test machine (deploy/README.md says
        // how a cluster turns adverts off the same way)
        env.put("SER2NET_MDNS_ENABLED", "false");
        return env;
    }

    static String logs() throws Exception {
        return Podman.run(30, "logs", NAME).out();
    }

    static void needsPodman() {
        assumeTrue(unavailable == null, () -> "image tests skipped: " + unavailable);
    }

    @Test
    @Order(1)
    void servesTheStickFromTheMountedSysfsOnItsPort() throws Exception {
        needsPodman();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> Ports.listening(stickPort));
        try (TcpClient client = new TcpClient(stickPort)) {
            client.send("ping from the image test\n");
            assertThat(client.readText(25, 10_000)).isEqualTo("ping from the image test\n");
        }
        assertThat(logs()).contains("device found: " + node.sysfs().devRoot().resolve("ttyUSB0"))
                .contains("bridge zigbee: up");
    }

    @Test
    @Order(2)
    void answersItsReadinessProbe() throws Exception {
        needsPodman();
        Container c = daemonSet().getSpec().getTemplate().getSpec().getContainers().get(0);
        String path = c.getReadinessProbe().getHttpGet().getPath();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(3)).build();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        String live = c.getLivenessProbe().getHttpGet().getPath();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + live)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void usesTheClassDataArchiveBakedIntoTheImage() throws Exception {
        needsPodman();
        await().atMost(30, TimeUnit.SECONDS).until(() -> logs().contains("bridge zigbee: up"));
        assertThat(logs()).contains("class-data archive target/ser2net-camel.jsa in use")
                .doesNotContain("could not write").doesNotContain("read-only, starting without");
    }

    @Test
    @Order(4)
    void stopsWithinItsGracePeriodOnSigterm() throws Exception {
        needsPodman();
        long grace = daemonSet().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long t0 = System.nanoTime();
        // podman stop sends SIGTERM, then SIGKILL after the timeout, as the kubelet does after the grace period
        Podman.Result stop = Podman.run((int) grace + 30, "stop", "-t", String.valueOf(grace), NAME);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stop.exit()).as(stop.out()).isZero();
        String exit = Podman.run(30, "inspect", "--format", "{{.State.ExitCode}}", NAME).out().strip();
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited; 137 would be the SIGKILL after the grace
        assertThat(exit).isIn("0", "143");
        assertThat(tookMs).isLessThan(grace * 1000);
        assertThat(logs()).contains("Shutting down");
        assertThat(Ports.listening(stickPort)).isFalse();
    }

    @Test
    @Order(5)
    void savesAnArchiveThatPodmanLoads() throws Exception {
        needsPodman();
        Process save = new ProcessBuilder(Podman.REPO.resolve("deploy/image.sh").toString(), "save")
                .directory(Podman.REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(save.getInputStream().readAllBytes());
        assertThat(save.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(save.exitValue()).as(out).isZero();
        Path archive = Podman.REPO.resolve("target/ser2net-camel-" + projectVersion() + "-amd64.tar");
        assertThat(archive).isRegularFile();
        // the docker-archive format, which `k3s ctr images import` and `podman load` both take, named as deployed
        Podman.Result load = Podman.run(120, "load", "-i", archive.toString());
        assertThat(load.exit()).as(load.out()).isZero();
        assertThat(load.out()).contains("Loaded image").contains(Podman.IMAGE);
    }

    @AfterAll
    static void removeContainer() throws Exception {
        if (unavailable == null) {
            Podman.run(60, "rm", "-f", "-t", "0", NAME);
        }
        if (node != null) {
            node.close();
        }
    }
}
