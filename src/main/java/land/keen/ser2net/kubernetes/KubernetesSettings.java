package land.keen.ser2net.kubernetes;

import java.net.InetAddress;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The settings of Kubernetes publishing after defaults are applied. An explicit {@code ser2net.kubernetes.*} value
 * wins; otherwise the downward-API environment variables a DaemonSet sets ({@code POD_NAMESPACE}, {@code NODE_NAME},
 * {@code HOST_IP}, {@code POD_NAME}, {@code POD_UID}) are used, so the same jar runs unchanged in and out of a pod.
 *
 * @param enabled        whether to publish at all
 * @param why            why it is on or off, for the one start-up log line
 * @param masterUrl      API server URL, or empty to let the client find it (in-cluster service account, kubeconfig)
 * @param trustCerts     accept any server certificate (test servers with self-signed certificates)
 * @param namespace      where Services, EndpointSlices and Events go (the pod's own namespace)
 * @param node           this node's name: part of per-node Service names, the owner label, the endpoint's nodeName
 * @param hostIp         the address clients reach the bridge ports on (hostNetwork pod: the node's IP)
 * @param podName        this pod, for owner references and as the object Events are about; empty outside a pod
 * @param podUid         the pod's uid; when empty it is looked up by name
 * @param resyncMillis   how often the cluster is made to match the bridges even when nothing changed
 * @param pollMillis     how often open-failure counters are read and pending work is looked at
 * @param backoffMaxMillis the longest wait between attempts while the API server is unreachable
 */
public record KubernetesSettings(boolean enabled, String why, String masterUrl, boolean trustCerts, String namespace,
        String node, String hostIp, String podName, String podUid, long resyncMillis, long pollMillis,
        long backoffMaxMillis) {

    public static final String DEFAULT_NAMESPACE = "iot-system";

    /**
     * Resolves the raw bean properties against the environment.
     *
     * @param enabledMode {@code auto} (on inside a cluster or when a master URL is given), {@code true}, {@code false}
     * @param env         environment lookup (System::getenv in the app)
     */
    public static KubernetesSettings resolve(String enabledMode, String masterUrl, boolean trustCerts,
            String namespace, String node, String hostIp, String podName, String podUid, long resyncMillis,
            long pollMillis, long backoffMaxMillis, UnaryOperator<String> env) {
        String url = blankToEmpty(masterUrl);
        String mode = blankToEmpty(enabledMode).toLowerCase(Locale.ROOT);
        boolean inCluster = !blankToEmpty(env.apply("KUBERNETES_SERVICE_HOST")).isEmpty();
        boolean on;
        String why;
        switch (mode) {
            case "true" -> {
                on = true;
                why = "ser2net.kubernetes.enabled=true";
            }
            case "false" -> {
                on = false;
                why = "ser2net.kubernetes.enabled=false";
            }
            case "", "auto" -> {
                on = inCluster || !url.isEmpty();
                why = inCluster ? "running in a cluster" : !url.isEmpty() ? "ser2net.kubernetes.master-url is set"
                        : "not in a cluster (no KUBERNETES_SERVICE_HOST) and no ser2net.kubernetes.master-url";
            }
            default -> throw new IllegalArgumentException(
                    "ser2net.kubernetes.enabled must be auto, true or false, not " + enabledMode);
        }
        return new KubernetesSettings(on, why, url, trustCerts,
                first(namespace, env.apply("POD_NAMESPACE"), DEFAULT_NAMESPACE),
                orElse(first(node, env.apply("NODE_NAME")), KubernetesSettings::localHostName),
                first(hostIp, env.apply("HOST_IP"), ""),
                first(podName, env.apply("POD_NAME"), ""),
                first(podUid, env.apply("POD_UID"), ""),
                Math.max(resyncMillis, 100), Math.max(pollMillis, 50), Math.max(backoffMaxMillis, 100));
    }

    /** The value for {@code keen.land/node} labels. */
    public String nodeLabel() {
        return Names.labelValue(node);
    }

    public boolean hasPod() {
        return !podName.isEmpty();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }

    private static String orElse(String value, java.util.function.Supplier<String> fallback) {
        return value.isEmpty() ? fallback.get() : value;
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    /**
     * Outside a pod (java -jar on a node with a master URL) NODE_NAME is usually unset; the host name is what the
     * node is called in most homelab clusters.
     */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
