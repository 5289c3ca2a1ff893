package land.keen.ser2net.kubernetes;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.kubernetes.ClusterObjects.Published;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One level-triggered pass: make this node's Services and EndpointSlices match the running bridges, whatever
 * happened before (missed changes, an API server restored from backup, a hand-deleted slice). Runs on the
 * publisher's thread only, so its state needs no locking.
 */
final class ClusterSync {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.kubernetes");

    /** Where a refusal goes besides the log: a Warning Event. */
    interface Conflicts {
        void refused(Published p, String claimant, String note);
    }

    private final KubernetesSettings settings;
    private final ClusterObjects objects;
    private final ClusterApi api;
    private final Conflicts conflicts;
    /** Bridge → who holds the Service name it asked for: a refusal is reported once per episode, not every pass. */
    private final Map<String, String> refused = new HashMap<>();
    private final Set<String> refusedThisPass = new HashSet<>();
    /** Object → last error the server answered with, so a lasting RBAC or validation error is logged once. */
    private final Map<String, String> errors = new HashMap<>();
    private boolean warnedNoHostIp;

    ClusterSync(KubernetesSettings settings, ClusterObjects objects, ClusterApi api, Conflicts conflicts) {
        this.settings = settings;
        this.objects = objects;
        this.api = api;
        this.conflicts = conflicts;
    }

    /** What the running bridges should look like in the cluster, by Service name (first bridge wins a name). */
    Map<String, Published> wanted(Collection<Bridge> running) {
        Map<String, Published> wanted = new LinkedHashMap<>();
        for (Bridge b : running) {
            ServedConnection spec = b.spec();
            String asked = spec.labels().get("service");
            boolean clusterWide = asked != null && !asked.isBlank();
            String service = clusterWide ? Names.dns1035(asked) : Names.perNode(spec.name(), settings.node());
            // a cluster-wide Service gets one slice per node, so the slice name carries the node
            String slice = clusterWide ? Names.dns1035(service + "-" + settings.node()) : service;
            Published p = new Published(spec.name(), service, slice, clusterWide, spec.port(), spec.device());
            Published first = wanted.putIfAbsent(service, p);
            if (first != null) {
                refuse(p, "bridge " + first.bridge() + " on this node");
            }
        }
        return wanted;
    }

    /**
     * Creates, updates and deletes until the cluster matches. Throws {@link ClusterApi.Unreachable} as soon as the
     * server does not answer (the caller backs off); an answer of "no" for one object is logged and the pass goes on.
     *
     * @return the number of bridges published (Service and slice in place)
     */
    int sync(Collection<Bridge> running) {
        refusedThisPass.clear();
        Map<String, Published> wanted = wanted(running);
        Set<String> keepSlices = new HashSet<>();
        int published = 0;
        for (Published p : wanted.values()) {
            Boolean owned = attempt("Service " + p.service(), () -> ensureService(p));
            if (owned == null) {
                // the server refused the call (not the claim): keep what is there and any refusal in force
                keepSlices.add(p.slice());
                if (refused.containsKey(p.bridge())) {
                    refusedThisPass.add(p.bridge());
                }
                continue;
            }
            if (!owned) {
                continue;
            }
            if (settings.hostIp().isEmpty()) {
                if (!warnedNoHostIp) {
                    warnedNoHostIp = true;
                    LOG.warn("kubernetes: no host IP (HOST_IP or ser2net.kubernetes.host-ip): Services are created "
                             + "without endpoints");
                }
                continue;
            }
            keepSlices.add(p.slice());
            if (attempt("EndpointSlice " + p.slice(), () -> ensureSlice(p)) != null) {
                published++;
            }
        }
        refused.keySet().removeIf(bridge -> {
            boolean over = !refusedThisPass.contains(bridge);
            if (over && wanted.values().stream().anyMatch(p -> p.bridge().equals(bridge))) {
                LOG.info("kubernetes: bridge {}: the Service name it asks for is free now and published", bridge);
            }
            return over;
        });
        // leftovers: this node's slices and Services whose bridge is gone (the device was unplugged)
        for (EndpointSlice s : api.listSlices(sliceSelector())) {
            String name = s.getMetadata().getName();
            if (!keepSlices.contains(name)) {
                attempt("EndpointSlice " + name, () -> {
                    api.deleteSlice(name);
                    LOG.info("kubernetes: EndpointSlice {} deleted (its bridge is gone)", name);
                    return true;
                });
            }
        }
        for (Service s : api.listServices(objects.ownLabels())) {
            String name = s.getMetadata().getName();
            if (!wanted.containsKey(name)) {
                attempt("Service " + name, () -> {
                    api.deleteService(name);
                    LOG.info("kubernetes: Service {} deleted (its bridge is gone)", name);
                    return true;
                });
            }
        }
        return published;
    }

    /** @return true when the Service is ours (created, updated or already right), false when refused */
    private boolean ensureService(Published p) {
        Service want = objects.service(p);
        Service have = api.getService(p.service());
        if (have == null) {
            try {
                api.createService(want);
                LOG.info("kubernetes: Service {} created for bridge {} (port {})", p.service(), p.bridge(), p.port());
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // another node created it between our get and create: whoever got there first keeps it
                have = api.getService(p.service());
                if (have == null) {
                    throw e;
                }
            }
        }
        if (!objects.ours(have.getMetadata().getLabels())) {
            refuse(p, ClusterObjects.claimant(have));
            return false;
        }
        if (ClusterObjects.differs(have, want)) {
            api.updateService(new ServiceBuilder(want)
                    .withMetadata(ClusterObjects.merged(have.getMetadata(), want.getMetadata()))
                    // the cluster IP is immutable and assigned by the server: keep it
                    .editSpec().withClusterIP(have.getSpec().getClusterIP())
                    .withClusterIPs(have.getSpec().getClusterIPs()).endSpec().build());
            LOG.info("kubernetes: Service {} updated for bridge {} (port {})", p.service(), p.bridge(), p.port());
        }
        return true;
    }

    private boolean ensureSlice(Published p) {
        EndpointSlice want = objects.slice(p);
        EndpointSlice have = api.getSlice(p.slice());
        if (have != null && !have.getAddressType().equals(want.getAddressType())) {
            // addressType is immutable: replace the slice
            api.deleteSlice(p.slice());
            have = null;
        }
        if (have == null) {
            api.createSlice(want);
            LOG.info("kubernetes: EndpointSlice {} created: {}:{} on node {} for Service {}", p.slice(),
                    settings.hostIp(), p.port(), settings.node(), p.service());
        } else if (ClusterObjects.differs(have, want)) {
            api.updateSlice(new EndpointSliceBuilder(want)
                    .withMetadata(ClusterObjects.merged(have.getMetadata(), want.getMetadata())).build());
            LOG.info("kubernetes: EndpointSlice {} updated: {}:{} on node {}", p.slice(), settings.hostIp(), p.port(),
                    settings.node());
        }
        return true;
    }

    private void refuse(Published p, String claimant) {
        refusedThisPass.add(p.bridge());
        if (claimant.equals(refused.put(p.bridge(), claimant))) {
            return;
        }
        String note = "Service " + p.service() + " is already claimed by " + claimant + "; bridge " + p.bridge()
                      + " (" + p.device() + ", port " + p.port() + ") on node " + settings.node()
                      + " is not published under it (it still serves its port)";
        LOG.warn("kubernetes: {}", note);
        conflicts.refused(p, claimant, note);
    }

    private Map<String, String> sliceSelector() {
        Map<String, String> m = objects.ownLabels();
        m.put(ClusterObjects.MANAGED_BY_LABEL, ClusterObjects.MANAGED_BY);
        return m;
    }

    private interface Step {
        boolean run();
    }

    /**
     * Runs one object's step; an HTTP error about it is logged (once while it repeats) and yields null, so one
     * forbidden or invalid object does not hold up the others. Unreachable propagates and ends the pass.
     */
    private Boolean attempt(String what, Step step) {
        try {
            boolean r = step.run();
            errors.remove(what);
            return r;
        } catch (KubernetesClientException e) {
            String msg = e.getCode() + " " + ClusterApi.reason(e);
            if (!msg.equals(errors.put(what, msg))) {
                LOG.warn("kubernetes: {}: the API server answered {}", what, msg);
            }
            return null;
        }
    }
}
