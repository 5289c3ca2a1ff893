package land.keen.ser2net.kubernetes;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.MicroTimeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;

/**
 * What ser2net-camel writes to the cluster, as pure functions of the settings and one published bridge. Kept apart
 * from the calls so "what it should look like" is readable in one place and comparable with what is there.
 */
final class ClusterObjects {

    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String APP = "ser2net-camel";
    static final String NODE_LABEL = "keen.land/node";
    static final String BRIDGE_LABEL = "keen.land/bridge";
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    /** Tells the EndpointSlice controller (and anyone reading) that these slices are not its to manage. */
    static final String MANAGED_BY = "ser2net-camel.keen.land";
    /** events.k8s.io requires a qualified name here. */
    static final String REPORTING_CONTROLLER = "keen.land/ser2net-camel";
    /** The port name kube-proxy pairs between the Service and the slice. */
    static final String PORT_NAME = "serial";

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    private static final AtomicLong EVENT_SEQ = new AtomicLong();

    private final KubernetesSettings s;
    /** Known once the pod is found; until then objects carry no owner reference. */
    private volatile String podUid;

    ClusterObjects(KubernetesSettings settings) {
        this.s = settings;
        this.podUid = settings.podUid();
    }

    void podUid(String uid) {
        this.podUid = uid == null ? "" : uid;
    }

    String podUid() {
        return podUid;
    }

    /** One bridge as it should appear: its Service name, slice name, and whether the name is cluster-wide. */
    record Published(String bridge, String service, String slice, boolean clusterWide, int port, String device) {
    }

    /** Labels that find this node's objects (list selectors) and mark them as ours. */
    Map<String, String> ownLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(APP_LABEL, APP);
        m.put(NODE_LABEL, s.nodeLabel());
        return m;
    }

    Map<String, String> labels(Published p) {
        Map<String, String> m = ownLabels();
        m.put(BRIDGE_LABEL, Names.labelValue(p.bridge()));
        return m;
    }

    /** A Service without selector: Kubernetes leaves its endpoints to us (the slice below). */
    Service service(Published p) {
        return new ServiceBuilder()
                .withNewMetadata().withName(p.service()).withNamespace(s.namespace()).withLabels(labels(p))
                .withOwnerReferences(owners()).endMetadata()
                .withNewSpec().withType("ClusterIP")
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(p.port())
                .withNewTargetPort(p.port()).endPort()
                .endSpec().build();
    }

    /** The slice that points the Service at this node's host IP and the bridge's port. */
    EndpointSlice slice(Published p) {
        Map<String, String> labels = labels(p);
        labels.put(SERVICE_NAME_LABEL, p.service());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        ObjectReference target = s.hasPod() ? new ObjectReferenceBuilder().withKind("Pod")
                .withNamespace(s.namespace()).withName(s.podName()).withUid(blankToNull(podUid)).build() : null;
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(p.slice()).withNamespace(s.namespace()).withLabels(labels)
                .withOwnerReferences(owners()).endMetadata()
                .withAddressType(s.hostIp().contains(":") ? "IPv6" : "IPv4")
                .addNewEndpoint().withAddresses(s.hostIp()).withNodeName(s.node()).withTargetRef(target)
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .endEndpoint()
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(p.port()).endPort()
                .build();
    }

    /**
     * Owner: this Pod, so the garbage collector removes what we made when the pod is deleted (a crashed or evicted
     * pod leaves nothing pointing at a dead port). None while the uid is unknown: a wrong uid would get our objects
     * collected at once.
     */
    List<OwnerReference> owners() {
        if (!s.hasPod() || podUid.isEmpty()) {
            return List.of();
        }
        return List.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(s.podName())
                .withUid(podUid).build());
    }

    /** Whether an existing Service was made by ser2net-camel on this node (so we may change or delete it). */
    boolean ours(Map<String, String> labels) {
        return labels != null && APP.equals(labels.get(APP_LABEL)) && s.nodeLabel().equals(labels.get(NODE_LABEL));
    }

    /** Who holds a Service we did not make, for the refusal message. */
    static String claimant(Service existing) {
        Map<String, String> l = existing.getMetadata().getLabels();
        if (l != null && APP.equals(l.get(APP_LABEL)) && l.get(NODE_LABEL) != null) {
            return "node " + l.get(NODE_LABEL);
        }
        return "a Service not made by ser2net-camel";
    }

    /**
     * Whether {@code existing} differs from {@code want} in anything we set. Labels and owners are compared as "has
     * ours", so a label someone adds by hand does not make us rewrite the object every resync.
     */
    static boolean differs(Service existing, Service want) {
        return !Objects.equals(existing.getSpec().getPorts(), want.getSpec().getPorts())
               // a selector would make the EndpointSlice controller fight over the endpoints
               || existing.getSpec().getSelector() != null && !existing.getSpec().getSelector().isEmpty()
               || lacksMeta(existing.getMetadata(), want.getMetadata());
    }

    static boolean differs(EndpointSlice existing, EndpointSlice want) {
        return !Objects.equals(existing.getAddressType(), want.getAddressType())
               || !Objects.equals(existing.getEndpoints(), want.getEndpoints())
               || !Objects.equals(existing.getPorts(), want.getPorts())
               || lacksMeta(existing.getMetadata(), want.getMetadata());
    }

    /** {@code want}'s metadata with {@code existing}'s other labels kept and its resourceVersion for the update. */
    static ObjectMeta merged(ObjectMeta existing, ObjectMeta want) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (existing.getLabels() != null) {
            labels.putAll(existing.getLabels());
        }
        labels.putAll(want.getLabels());
        return new ObjectMetaBuilder(want).withLabels(labels).withResourceVersion(existing.getResourceVersion())
                .build();
    }

    private static boolean lacksMeta(ObjectMeta existing, ObjectMeta want) {
        Map<String, String> have = existing.getLabels() == null ? Map.of() : existing.getLabels();
        List<OwnerReference> owners = existing.getOwnerReferences() == null ? List.of()
                : existing.getOwnerReferences();
        return !have.entrySet().containsAll(want.getLabels().entrySet())
               || !Objects.equals(owners, want.getOwnerReferences());
    }

    /**
     * An events.k8s.io/v1 Event about this Pod (or the Node when no pod is known). The API server only accepts
     * events about a cluster-scoped object in "default", so Node events go there.
     */
    EventBuilder event(String time, String type, String reason, String action, String note,
            ObjectReference related) {
        ObjectReference regarding = s.hasPod()
                ? new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(s.namespace())
                        .withName(s.podName()).withUid(blankToNull(podUid)).build()
                : new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName(s.node()).build();
        return new EventBuilder().withType(type).withReason(reason).withAction(action)
                .withNote(note.length() > 1024 ? note.substring(0, 1021) + "..." : note)
                .withEventTime(new MicroTimeBuilder().withTime(time).build())
                .withReportingController(REPORTING_CONTROLLER)
                .withReportingInstance(cap(APP + "-" + s.node(), 128))
                .withRegarding(regarding).withRelated(related);
    }

    static String microTimeNow() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(MICRO_TIME);
    }

    String eventNamespace() {
        return s.hasPod() ? s.namespace() : "default";
    }

    /** Unique per event, kubectl-style: the object's name, a dot, a hex time stamp. */
    String eventName() {
        String base = s.hasPod() ? s.podName() : s.node();
        String suffix = Long.toHexString(System.currentTimeMillis() * 1000 + EVENT_SEQ.incrementAndGet() % 1000);
        return cap(base.toLowerCase(java.util.Locale.ROOT), 253 - suffix.length() - 1) + "." + suffix;
    }

    ObjectReference serviceRef(String service) {
        return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Service").withNamespace(s.namespace())
                .withName(service).build();
    }

    private static String cap(String v, int max) {
        return v.length() <= max ? v : v.substring(0, max);
    }

    private static String blankToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}
