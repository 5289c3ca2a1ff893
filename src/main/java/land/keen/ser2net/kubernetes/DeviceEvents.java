package land.keen.ser2net.kubernetes;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.ServedConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Events side of publishing: what happened to the sticks, queued until the API server takes it. Events are
 * edge-triggered (they say what happened, not what is), so unlike Services they are kept through an outage and sent
 * late, with the time they happened. Used only on the publisher thread.
 */
final class DeviceEvents {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.kubernetes");
    /** Events waiting for the API server; beyond this the oldest are dropped (an outage must not grow memory). */
    static final int MAX_PENDING = 100;

    /** An Event to record; built when sent, so it carries the pod uid even if that was found after it happened. */
    private record Pending(String namespace, String name, String time, String type, String reason, String action,
            String note, String bridge, ObjectReference related) {
    }

    private final KubernetesSettings settings;
    private final ClusterObjects objects;
    private final ClusterApi api;
    private final Deque<Pending> pending = new ArrayDeque<>();
    /** Bridge → open failures already reported. */
    private final Map<String, Long> openFailuresSeen = new HashMap<>();
    /** Reason → last refusal, so an Event the server keeps refusing (RBAC) is logged once. */
    private final Map<String, String> errors = new HashMap<>();
    private int dropped;

    DeviceEvents(KubernetesSettings settings, ClusterObjects objects, ClusterApi api) {
        this.settings = settings;
        this.objects = objects;
        this.api = api;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void plugged(Bridge bridge) {
        ServedConnection spec = bridge.spec();
        openFailuresSeen.put(spec.name(), bridge.stats().openFailures());
        add("Normal", "DevicePlugged", "Plug", "Device " + spec.device() + " plugged in on node " + settings.node()
                + ": bridge " + spec.name() + " serves it on port " + spec.port(), spec.name(), null);
    }

    void unplugged(Bridge bridge) {
        ServedConnection spec = bridge.spec();
        openFailuresSeen.remove(spec.name());
        add("Normal", "DeviceUnplugged", "Unplug", "Device " + spec.device() + " gone from node " + settings.node()
                + ": bridge " + spec.name() + " no longer serves port " + spec.port(), spec.name(), null);
    }

    /** Device open failures show only in counters: report growth since the last look as one Warning. */
    void pollOpenFailures(Collection<Bridge> running) {
        for (Bridge b : running) {
            ServedConnection spec = b.spec();
            long count = b.stats().openFailures();
            Long seen = openFailuresSeen.put(spec.name(), count);
            if (seen != null && count > seen) {
                long n = count - seen;
                String error = b.stats().lastError();
                add("Warning", "DeviceOpenFailure", "Open", "Cannot open device " + spec.device() + " on node "
                        + settings.node() + " for bridge " + spec.name() + " (port " + spec.port() + "): "
                        + (error == null ? "unknown error" : error) + (n > 1 ? " (" + n + " failed attempts)" : ""),
                        spec.name(), null);
            }
        }
    }

    void serviceNameConflict(String bridge, String service, String note) {
        add("Warning", "ServiceNameConflict", "Claim", note, bridge, objects.serviceRef(service));
    }

    private void add(String type, String reason, String action, String note, String bridge,
            ObjectReference related) {
        if (pending.size() >= MAX_PENDING) {
            pending.removeFirst();
            dropped++;
        }
        // named and timed now, so a late delivery says when it happened and a retried one is not doubled
        pending.addLast(new Pending(objects.eventNamespace(), objects.eventName(), ClusterObjects.microTimeNow(),
                type, reason, action, note, bridge, related));
    }

    /** Sends what is queued; stops at {@link ClusterApi.Unreachable}, keeping the rest for the next attempt. */
    void flush() {
        if (dropped > 0) {
            LOG.warn("kubernetes: {} events dropped while the API server was unreachable", dropped);
            dropped = 0;
        }
        while (!pending.isEmpty()) {
            Pending e = pending.peekFirst();
            Map<String, String> labels = objects.ownLabels();
            labels.put(ClusterObjects.BRIDGE_LABEL, Names.labelValue(e.bridge()));
            EventBuilder event = objects.event(e.time(), e.type(), e.reason(), e.action(), e.note(), e.related());
            try {
                api.createEvent(e.namespace(), e.name(), event, labels);
                errors.remove(e.reason());
            } catch (KubernetesClientException k) {
                // 409: an earlier attempt got through before its answer was lost
                String msg = k.getCode() + " " + ClusterApi.reason(k);
                if (k.getCode() != 409 && !msg.equals(errors.put(e.reason(), msg))) {
                    LOG.warn("kubernetes: Event {} not recorded: the API server answered {}", e.reason(), msg);
                }
            }
            pending.removeFirst();
        }
    }
}
