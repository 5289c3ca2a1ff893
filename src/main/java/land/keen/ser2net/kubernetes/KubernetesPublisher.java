package land.keen.ser2net.kubernetes;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.BridgeEvents;
import land.keen.ser2net.bridge.BridgeManager;
import land.keen.ser2net.kubernetes.ClusterApi.Unreachable;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the running bridges to Kubernetes: a Service and an EndpointSlice per bridge, and Events when a device
 * is plugged, unplugged, cannot be opened, or asks for a cluster-wide name another node holds.
 *
 * <p>It watches the bridge layer and the bridge layer never waits for it: the listener methods only queue a note
 * and wake this publisher's own thread, which does every API call. The thread is level-triggered: on every change
 * and every {@code resyncInterval} it makes the cluster match the running bridges, so a change missed during an
 * outage is caught up when the API server answers again. While it does not, attempts back off up to
 * {@code backoffMax} and the outage is logged once when it starts and once when it ends.
 */
public class KubernetesPublisher implements BridgeEvents.Listener, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.kubernetes");
    /** Registry name of the client the Camel kubernetes endpoints use. */
    static final String CLIENT_BEAN = "ser2netKubernetesClient";
    private static final long FIRST_BACKOFF_MILLIS = 500;

    private String enabled = "auto";
    private String masterUrl = "";
    private boolean trustCerts;
    private String namespace = "";
    private String nodeName = "";
    private String hostIp = "";
    private String podName = "";
    private String podUid = "";
    private long resyncInterval = 10_000;
    private long pollInterval = 1_000;
    private long backoffMax = 30_000;

    private CamelContext context;
    private BridgeManager bridges;
    private volatile KubernetesSettings settings;
    private volatile boolean stopped;
    private volatile ScheduledExecutorService executor;
    private final Queue<Change> changes = new ConcurrentLinkedQueue<>();

    // everything below is touched only by the publisher thread
    private KubernetesClient client;
    private ClusterApi api;
    private ClusterObjects objects;
    private ClusterSync sync;
    private DeviceEvents events;
    private boolean dirty = true;
    private boolean ownerLookedUp;
    private long nextAttempt;
    private long nextResync;
    private int failedAttempts;
    private long outageStart = -1;
    private boolean everReached;
    private String lastPassError;

    private record Change(boolean up, Bridge bridge) {
    }

    public void setBridges(BridgeManager bridges) {
        this.bridges = bridges;
        bridges.addListener(this);
    }

    @Override
    public void bridgeUp(Bridge bridge) {
        note(new Change(true, bridge));
    }

    @Override
    public void bridgeDown(Bridge bridge) {
        note(new Change(false, bridge));
    }

    /** Called on the bridge layer's thread: queue and wake, never block. */
    private void note(Change change) {
        KubernetesSettings s = settings;
        if (stopped || s != null && !s.enabled()) {
            return;
        }
        changes.add(change);
        wake();
    }

    private void wake() {
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            try {
                ex.execute(this::tick);
            } catch (RejectedExecutionException shuttingDown) {
                // stopping: nothing more to publish
            }
        }
    }

    /** The effective settings once the app has started (null before). */
    public KubernetesSettings settings() {
        return settings;
    }

    /**
     * Bean init method (routes/ser2net.yaml): publishing begins once the context has started and the bridges exist.
     * camel-main builds YAML beans twice and destroys the first before the context starts, so a destroyed instance's
     * listener finds {@code stopped} and does nothing.
     */
    public void start() throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> begin());
    }

    private synchronized void begin() {
        if (settings != null || stopped) {
            return;
        }
        KubernetesSettings s = KubernetesSettings.resolve(enabled, masterUrl, trustCerts, namespace, nodeName, hostIp,
                podName, podUid, resyncInterval, pollInterval, backoffMax, System::getenv);
        settings = s;
        if (!s.enabled()) {
            changes.clear();
            LOG.info("kubernetes: publishing off ({})", s.why());
            return;
        }
        LOG.info("kubernetes: publishing on ({}): namespace {}, node {}, host IP {}, pod {}", s.why(), s.namespace(),
                s.node(), s.hostIp().isEmpty() ? "unknown" : s.hostIp(), s.hasPod() ? s.podName() : "none");
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "Ser2netKubernetes");
        executor.scheduleWithFixedDelay(this::tick, 0, s.pollMillis(), TimeUnit.MILLISECONDS);
    }

    /** Bean destroy method: stops publishing; what is published stays (see below). */
    public synchronized void stop() {
        stopped = true;
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            context.getExecutorServiceManager().shutdownNow(ex);
            try {
                // a call in flight is interrupted; waiting for it also makes the thread's fields safe to read here
                ex.awaitTermination(6, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // objects stay: a restarting container serves the same ports, and a deleted pod takes them with it
        // through the owner reference
        if (api != null) {
            api.close();
        }
        if (client != null) {
            client.close();
            context.getRegistry().unbind(CLIENT_BEAN);
        }
    }

    /** One look on the publisher thread. Never throws: an exception would cancel the periodic schedule. */
    private void tick() {
        if (stopped) {
            return;
        }
        try {
            if (api == null && !connect()) {
                return;
            }
            drainChanges();
            events.pollOpenFailures(bridges.bridges());
            long now = now();
            if (now < nextAttempt || !dirty && events.isEmpty() && now < nextResync) {
                return;
            }
            try {
                findOwner();
                events.flush();
                int published = sync.sync(bridges.bridges());
                events.flush();
                dirty = false;
                nextResync = now + settings.resyncMillis();
                lastPassError = null;
                reachable(published);
            } catch (Unreachable e) {
                unreachable(e, now);
            } catch (RuntimeException e) {
                // the server refused something the whole pass needs (a list: RBAC), or a bug: say so once, and
                // try again at the next resync or change rather than every poll
                passFailed(e, now);
            }
        } catch (RuntimeException | Error e) {
            if (!stopped) {
                LOG.warn("kubernetes: publishing failed: {}", ClusterApi.reason(e), e);
            }
        }
    }

    private void passFailed(RuntimeException e, long now) {
        if (stopped) {
            return;
        }
        String msg = e instanceof KubernetesClientException k ? k.getCode() + " " + ClusterApi.reason(k)
                : ClusterApi.reason(e);
        if (!msg.equals(lastPassError)) {
            lastPassError = msg;
            if (e instanceof KubernetesClientException) {
                LOG.warn("kubernetes: publishing pass stopped: the API server answered {}", msg);
            } else {
                LOG.warn("kubernetes: publishing pass failed: {}", msg, e);
            }
        }
        dirty = false;
        nextResync = now + settings.resyncMillis();
    }

    private boolean connect() {
        KubernetesSettings s = settings;
        try {
            ConfigBuilder b = new ConfigBuilder(Config.autoConfigure(null));
            if (!s.masterUrl().isEmpty()) {
                b.withMasterUrl(s.masterUrl());
            }
            if (s.trustCerts()) {
                b.withTrustCerts(true);
            }
            // short timeouts and no client-side retries: our own backoff decides when to try again, and a call
            // that hangs would only delay the next pass
            b.withNamespace(s.namespace()).withConnectionTimeout(2_000).withRequestTimeout(5_000)
                    .withRequestRetryBackoffLimit(0);
            client = new KubernetesClientBuilder().withConfig(b.build()).build();
            context.getRegistry().bind(CLIENT_BEAN, client);
            objects = new ClusterObjects(s);
            api = new ClusterApi(context, client, CLIENT_BEAN, s.namespace());
            events = new DeviceEvents(s, objects, api);
            sync = new ClusterSync(s, objects, api,
                    (p, claimant, note) -> events.serviceNameConflict(p.bridge(), p.service(), note));
            return true;
        } catch (RuntimeException e) {
            LOG.error("kubernetes: cannot set up a client for {}: {}; publishing off",
                    s.masterUrl().isEmpty() ? "the cluster" : s.masterUrl(), ClusterApi.reason(e));
            stopped = true;
            return false;
        }
    }

    private void drainChanges() {
        for (Change c = changes.poll(); c != null; c = changes.poll()) {
            dirty = true;
            if (c.up()) {
                events.plugged(c.bridge());
            } else {
                events.unplugged(c.bridge());
            }
        }
    }

    /** Owner references need the pod's uid; the downward API can give it (POD_UID), otherwise ask once. */
    private void findOwner() {
        if (ownerLookedUp || !settings.hasPod() || !objects.podUid().isEmpty()) {
            return;
        }
        try {
            Pod pod = api.getPod(settings.podName());
            if (pod == null) {
                LOG.warn("kubernetes: pod {} not found in namespace {}: objects get no owner reference",
                        settings.podName(), settings.namespace());
            } else {
                objects.podUid(pod.getMetadata().getUid());
            }
        } catch (KubernetesClientException e) {
            LOG.warn("kubernetes: cannot read pod {} ({} {}): objects get no owner reference (set POD_UID)",
                    settings.podName(), e.getCode(), ClusterApi.reason(e));
        }
        ownerLookedUp = true;
    }

    private void reachable(int published) {
        if (outageStart >= 0) {
            LOG.info("Kubernetes API reachable again at {} after {} s; {} bridge(s) published", client.getMasterUrl(),
                    (now() - outageStart) / 1000, published);
        } else if (!everReached) {
            LOG.info("kubernetes: API server at {} answers; {} bridge(s) published", client.getMasterUrl(),
                    published);
        }
        everReached = true;
        outageStart = -1;
        failedAttempts = 0;
        nextAttempt = 0;
    }

    private void unreachable(Unreachable e, long now) {
        failedAttempts++;
        long delay = Math.min(settings.backoffMaxMillis(), FIRST_BACKOFF_MILLIS << Math.min(failedAttempts - 1, 20));
        nextAttempt = now + delay;
        dirty = true;
        if (outageStart < 0) {
            outageStart = now;
            LOG.warn("Kubernetes API unreachable at {} ({}); bridges keep serving, publishing retries with backoff "
                     + "(up to {} s)", client.getMasterUrl(), e.getMessage(), settings.backoffMaxMillis() / 1000.0);
        }
    }

    private static long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    // settings, from routes/ser2net.yaml (ser2net.kubernetes.* properties)

    public void setEnabled(String enabled) {
        this.enabled = enabled;
    }

    public void setMasterUrl(String masterUrl) {
        this.masterUrl = masterUrl;
    }

    public void setTrustCerts(boolean trustCerts) {
        this.trustCerts = trustCerts;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public void setHostIp(String hostIp) {
        this.hostIp = hostIp;
    }

    public void setPodName(String podName) {
        this.podName = podName;
    }

    public void setPodUid(String podUid) {
        this.podUid = podUid;
    }

    public void setResyncInterval(long millis) {
        this.resyncInterval = millis;
    }

    public void setPollInterval(long millis) {
        this.pollInterval = millis;
    }

    public void setBackoffMax(long millis) {
        this.backoffMax = millis;
    }
}
