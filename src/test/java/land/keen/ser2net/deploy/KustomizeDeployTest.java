package land.keen.ser2net.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Builds the kustomize base in deploy/ with the real kustomize ({@code kubectl kustomize deploy}), reads
 * the output into fabric8's typed Kubernetes objects and checks what the deployment promises: where the
 * pods run, what they may touch on the node, what they may do in the API, how they are probed and sized,
 * and that the ConfigMap carries exactly the shipped snippets into a folder that edits can reach.
 *
 * <p>Skipped (not failed) when this machine has no kubectl or kustomize; see {@link Kustomize}.
 */
class KustomizeDeployTest {

    static final String NAMESPACE = "iot-system";
    static final String SNIPPETS_DIR = "/etc/ser2net-camel/snippets";

    static Path root;
    static List<HasMetadata> objects;
    static String stderr;

    @BeforeAll
    static void build() throws Exception {
        root = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Optional<Kustomize> kustomize = Kustomize.find();
        if (kustomize.isEmpty()) {
            return; // each test is then skipped by needsKustomize(), and counted as skipped
        }
        Kustomize.Output out = kustomize.get().build(root.resolve("deploy"));
        assertThat(out.exitCode())
                .as("%s deploy failed:%n%s", kustomize.get().describe(), out.stderr())
                .isZero();
        stderr = out.stderr();
        objects = parse(out.stdout());
    }

    @BeforeEach
    void needsKustomize() {
        assumeTrue(objects != null, Kustomize::howToInstall);
    }

    /** A multi-document YAML stream into typed objects (DaemonSet, Role, ... by apiVersion and kind). */
    static List<HasMetadata> parse(String yaml) {
        Object parsed = new KubernetesSerialization().unmarshal(yaml);
        List<HasMetadata> list = new ArrayList<>();
        if (parsed instanceof Collection<?> many) {
            many.forEach(o -> list.add((HasMetadata) o));
        } else {
            list.add((HasMetadata) parsed);
        }
        return list;
    }

    // ---- the set of objects ----

    @Test
    void theBaseIsExactlyTheseObjectsAllInIotSystem() {
        Set<String> kinds = objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kinds).containsExactlyInAnyOrder(
                "Namespace/" + NAMESPACE,
                "ServiceAccount/ser2net-camel",
                "Role/ser2net-camel",
                "RoleBinding/ser2net-camel",
                "ConfigMap/ser2net-snippets",
                "DaemonSet/ser2net-camel");
        assertThat(objects).hasSize(kinds.size());
        for (HasMetadata o : objects) {
            if (!(o instanceof Namespace)) {
                assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getKind()).isEqualTo(NAMESPACE);
            }
        }
        // nothing cluster-wide: no ClusterRole(Binding), no other namespace
        assertThat(objects).noneMatch(o -> o.getKind().startsWith("Cluster"));
    }

    @Test
    void theNamespaceAllowsPrivilegedPods() {
        Namespace ns = one(Namespace.class);
        // the pods are privileged with hostNetwork and hostPath: Pod Security "baseline" would reject them
        assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "privileged");
    }

    // ---- where the pods run ----

    @Test
    void runsOnlyOnNodesLabelledForSerials() {
        assertThat(pod().getNodeSelector()).containsExactly(Map.entry("keen.land/serials", "true"));
    }

    @Test
    void listensOnTheNodesNetworkWithClusterDns() {
        assertThat(pod().getHostNetwork()).isTrue();
        assertThat(pod().getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    }

    @Test
    void rollsOneNodeAtATimeWithoutSurgeAndStopsQuickly() {
        DaemonSet ds = one(DaemonSet.class);
        var rolling = ds.getSpec().getUpdateStrategy().getRollingUpdate();
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        // with hostNetwork a second pod on the node cannot bind the same ports
        assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString(0));
        assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(pod().getTerminationGracePeriodSeconds()).isBetween(1L, 10L);
        assertThat(ds.getSpec().getSelector().getMatchLabels())
                .isEqualTo(ds.getSpec().getTemplate().getMetadata().getLabels());
    }

    // ---- what a pod may touch on its node ----

    @Test
    void mountsHostDevWritableAndHostSysReadOnly() {
        Volume dev = volumeMountedAt("/dev");
        assertThat(dev.getHostPath()).as("/dev is a hostPath").isNotNull();
        assertThat(dev.getHostPath().getPath()).isEqualTo("/dev");
        assertThat(mountAt("/dev").getReadOnly()).as("device nodes are opened for writing").isNotEqualTo(Boolean.TRUE);

        Volume sys = volumeMountedAt("/sys");
        assertThat(sys.getHostPath()).as("/sys is a hostPath").isNotNull();
        assertThat(sys.getHostPath().getPath()).isEqualTo("/sys");
        assertThat(mountAt("/sys").getReadOnly()).as("/sys is only read").isTrue();

        // no other hostPath sneaks in
        assertThat(pod().getVolumes().stream().filter(v -> v.getHostPath() != null).map(Volume::getName))
                .containsExactlyInAnyOrder(dev.getName(), sys.getName());
    }

    @Test
    void privilegedWithAReadOnlyRootAndAnEmptyDirTmp() {
        var sc = container().getSecurityContext();
        assertThat(sc.getPrivileged()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        Volume tmp = volumeMountedAt("/tmp");
        assertThat(tmp.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
        assertThat(mountAt("/tmp").getReadOnly()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void runsTheImagesOwnCommandWithTheShippedJvmOptions() {
        // the image's entry point is the README's run command with src/main/jvm/ser2net-camel.args (ImageTest runs
        // it); a command, args or JVM options in the environment here would make the pod differ from what is tested
        assertThat(container().getCommand()).isNullOrEmpty();
        assertThat(container().getArgs()).isNullOrEmpty();
        assertThat(container().getEnv()).extracting(EnvVar::getName)
                .doesNotContain("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");
    }

    @Test
    void requestsAndLimitsAreSet() {
        var res = container().getResources();
        assertThat(res.getRequests()).containsEntry("memory", new Quantity("96Mi")).containsEntry("cpu", new Quantity("50m"));
        assertThat(res.getLimits()).containsEntry("memory", new Quantity("192Mi"));
        assertThat(Quantity.getAmountInBytes(res.getLimits().get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(res.getRequests().get("memory")));
    }

    // ---- probes and Hawtio ----

    @Test
    void probesUseTheNamedJolokiaPort() {
        Container c = container();
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("jolokia");
            assertThat(p.getContainerPort()).isEqualTo(8778);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        assertHttpProbe(c.getLivenessProbe(), "/observe/health/live");
        assertHttpProbe(c.getReadinessProbe(), "/observe/health/ready");
        if (c.getStartupProbe() != null) {
            assertHttpProbe(c.getStartupProbe(), "/observe/health/live");
        }
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as("probe for %s", path).isNotNull();
        assertThat(probe.getHttpGet()).as("probe for %s is an HTTP GET", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort()).as("by port name, not number").isEqualTo(new IntOrString("jolokia"));
    }

    @Test
    void knowsItsNodeAndPodFromTheDownwardApi() {
        Map<String, String> fieldRefs = new TreeMap<>();
        for (EnvVar e : container().getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
                fieldRefs.put(e.getName(), e.getValueFrom().getFieldRef().getFieldPath());
            }
        }
        assertThat(fieldRefs).containsAllEntriesOf(Map.of(
                "NODE_NAME", "spec.nodeName",
                "HOST_IP", "status.hostIP",
                "POD_NAME", "metadata.name",
                "POD_NAMESPACE", "metadata.namespace",
                "POD_UID", "metadata.uid"));
    }

    @Test
    void imageIsTheProjectsOwn() {
        assertThat(container().getImage()).isEqualTo("localhost/ser2net-camel:" + ImageTest.projectVersion());
    }

    // ---- API permissions ----

    @Test
    void roleGrantsOnlyWhatTheAppUses() {
        Role role = one(Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        // (api group, resource) -> verbs, merged over all rules
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).as("resourceNames").isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        Set<String> publish = Set.of("get", "list", "watch", "create", "update", "patch", "delete");
        assertThat(granted).isEqualTo(Map.of(
                "/services", publish,
                "discovery.k8s.io/endpointslices", publish,
                "/events", Set.of("create", "patch"),
                "events.k8s.io/events", Set.of("create", "patch"),
                "/pods", Set.of("get")));
    }

    @Test
    void theDaemonSetRunsAsTheBoundServiceAccount() {
        RoleBinding binding = one(RoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(one(Role.class).getMetadata().getName());
        assertThat(binding.getSubjects()).hasSize(1);
        Subject subject = binding.getSubjects().get(0);
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        assertThat(subject.getName()).isEqualTo(one(ServiceAccount.class).getMetadata().getName());
        assertThat(pod().getServiceAccountName()).isEqualTo(subject.getName());
    }

    // ---- snippets ----

    @Test
    void configMapHasOneKeyPerShippedSnippetWithItsContent() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (Path file : shippedSnippets()) {
            String name = file.getFileName().toString();
            expected.put(name.replace(':', '_'), Files.readString(file, StandardCharsets.UTF_8));
        }
        assertThat(expected).as("shipped snippets").hasSizeGreaterThanOrEqualTo(7);
        ConfigMap cm = one(ConfigMap.class);
        assertThat(cm.getData()).isEqualTo(expected);
        assertThat(cm.getBinaryData()).isNullOrEmpty();
    }

    @Test
    void snippetsAreMountedAsAFolderUnderAFixedName() {
        ConfigMap cm = one(ConfigMap.class);
        // no content-hash suffix: edits do not roll the DaemonSet
        assertThat(cm.getMetadata().getName()).isEqualTo("ser2net-snippets");
        VolumeMount mount = mountAt(SNIPPETS_DIR);
        // subPath mounts never see ConfigMap updates
        assertThat(mount.getSubPath()).isNull();
        assertThat(mount.getSubPathExpr()).isNull();
        Volume volume = volumeMountedAt(SNIPPETS_DIR);
        assertThat(volume.getConfigMap()).isNotNull();
        assertThat(volume.getConfigMap().getName()).isEqualTo(cm.getMetadata().getName());
        assertThat(volume.getConfigMap().getItems()).as("all keys, not a selection").isNullOrEmpty();
        assertThat(env("SER2NET_SNIPPETS")).isEqualTo(SNIPPETS_DIR);
        // and no container mounts anything with subPath from it either
        assertThat(container().getVolumeMounts())
                .filteredOn(m -> m.getName().equals(volume.getName()))
                .hasSize(1);
    }

    // ---- helpers ----

    static List<Path> shippedSnippets() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("snippets"))) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
    }

    static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("objects of kind %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    static PodSpec pod() {
        return one(DaemonSet.class).getSpec().getTemplate().getSpec();
    }

    static Container container() {
        assertThat(pod().getContainers()).hasSize(1);
        assertThat(pod().getInitContainers()).isNullOrEmpty();
        return pod().getContainers().get(0);
    }

    static VolumeMount mountAt(String path) {
        List<VolumeMount> mounts = container().getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path)).toList();
        assertThat(mounts).as("volume mounts at %s", path).hasSize(1);
        return mounts.get(0);
    }

    static Volume volumeMountedAt(String path) {
        String name = mountAt(path).getName();
        return pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume named " + name));
    }

    static String env(String name) {
        return container().getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElse(null);
    }
}
