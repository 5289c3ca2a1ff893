package land.keen.ser2net.kubernetes;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.kubernetes.KubernetesConstants;
import org.apache.camel.component.kubernetes.KubernetesOperations;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The calls ser2net-camel makes to the API server, in one namespace. Camel's kubernetes producers do what they can
 * (Service get/list/delete, Event create, Pod get); the fabric8 client they share does the rest: EndpointSlices have
 * no Camel component, and the kubernetes-services producer builds a Service's metadata from a name and labels only,
 * so it cannot carry the owner reference that lets the garbage collector clean up after a deleted pod.
 *
 * <p>Every failure comes out as {@link Unreachable} (no answer: retry the whole pass later, with backoff) or
 * {@link KubernetesClientException} with an HTTP code (the server said no: RBAC, validation; about that one object).
 */
final class ClusterApi {

    /** The API server could not be reached (refused, timed out, or a gateway/overload answer). */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Producer services;
    private final Producer events;
    private final Producer pods;

    /**
     * @param clientBean the registry name {@code client} is bound under; the endpoints use it rather than making
     *                   clients of their own (which would have no timeouts and retry for minutes)
     */
    ClusterApi(CamelContext context, KubernetesClient client, String clientBean, String namespace) {
        this.client = client;
        this.namespace = namespace;
        // the path is the master URL, unused when a client is given
        String opts = "?kubernetesClient=#" + clientBean;
        this.services = producer(context, "kubernetes-services:cluster" + opts);
        this.events = producer(context, "kubernetes-events:cluster" + opts);
        this.pods = producer(context, "kubernetes-pods:cluster" + opts);
    }

    /**
     * A started producer kept for the publisher's life. Kubernetes endpoints are not singletons: resolving the URI
     * per call would make a new endpoint each time, and the context does not start them for us. Calling the
     * producer directly (not through a ProducerTemplate) also keeps these exchanges, which belong to no route, out
     * of the per-route exchange metrics.
     */
    private static Producer producer(CamelContext context, String uri) {
        Endpoint endpoint = context.getEndpoint(uri);
        try {
            ServiceHelper.startService(endpoint);
            Producer p = endpoint.createProducer();
            ServiceHelper.startService(p);
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + uri + ": " + e.getMessage(), e);
        }
    }

    Service getService(String name) {
        return call(services, KubernetesOperations.GET_SERVICE_OPERATION, m -> {
            m.setHeader(KubernetesConstants.KUBERNETES_SERVICE_NAME, name);
        }, Service.class);
    }

    @SuppressWarnings("unchecked")
    List<Service> listServices(Map<String, String> labels) {
        return call(services, KubernetesOperations.LIST_SERVICES_BY_LABELS_OPERATION, m -> {
            m.setHeader(KubernetesConstants.KUBERNETES_SERVICE_LABELS, labels);
        }, List.class);
    }

    void deleteService(String name) {
        call(services, KubernetesOperations.DELETE_SERVICE_OPERATION, m -> {
            m.setHeader(KubernetesConstants.KUBERNETES_SERVICE_NAME, name);
        }, Object.class);
    }

    Service createService(Service service) {
        return direct(() -> client.services().inNamespace(namespace).resource(service).create());
    }

    Service updateService(Service service) {
        return direct(() -> client.services().inNamespace(namespace).resource(service).update());
    }

    EndpointSlice getSlice(String name) {
        return direct(() -> client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).get());
    }

    List<EndpointSlice> listSlices(Map<String, String> labels) {
        return direct(() -> client.discovery().v1().endpointSlices().inNamespace(namespace).withLabels(labels)
                .list().getItems());
    }

    EndpointSlice createSlice(EndpointSlice slice) {
        return direct(() -> client.discovery().v1().endpointSlices().inNamespace(namespace).resource(slice).create());
    }

    EndpointSlice updateSlice(EndpointSlice slice) {
        return direct(() -> client.discovery().v1().endpointSlices().inNamespace(namespace).resource(slice).update());
    }

    void deleteSlice(String name) {
        direct(() -> client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).delete());
    }

    void createEvent(String eventNamespace, String name, EventBuilder event, Map<String, String> labels) {
        callIn(eventNamespace, events, KubernetesOperations.CREATE_EVENT_OPERATION, m -> {
            m.setHeader(KubernetesConstants.KUBERNETES_EVENT_NAME, name);
            m.setHeader(KubernetesConstants.KUBERNETES_EVENTS_LABELS, labels);
            // the producer takes a builder as the body and only sets name, namespace and labels on it
            m.setBody(event);
        }, Object.class);
    }

    Pod getPod(String name) {
        return call(pods, KubernetesOperations.GET_POD_OPERATION, m -> {
            m.setHeader(KubernetesConstants.KUBERNETES_POD_NAME, name);
        }, Pod.class);
    }

    void close() {
        for (Producer p : List.of(services, events, pods)) {
            ServiceHelper.stopService(p, p.getEndpoint());
        }
    }

    private interface Headers {
        void set(Message m);
    }

    private <T> T call(Producer endpoint, String operation, Headers headers, Class<T> type) {
        return callIn(namespace, endpoint, operation, headers, type);
    }

    private <T> T callIn(String ns, Producer producer, String operation, Headers headers, Class<T> type) {
        Exchange ex = producer.getEndpoint().createExchange(ExchangePattern.InOut);
        Message m = ex.getMessage();
        m.setHeader(KubernetesConstants.KUBERNETES_OPERATION, operation);
        m.setHeader(KubernetesConstants.KUBERNETES_NAMESPACE_NAME, ns);
        headers.set(m);
        try {
            producer.process(ex);
        } catch (Exception e) {
            throw translate(e);
        }
        if (ex.getException() != null) {
            throw translate(ex.getException());
        }
        return ex.getMessage().getBody(type);
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T direct(Call<T> call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Sorts a failure into "no answer" (the whole pass waits for backoff) and "the server said no". */
    static RuntimeException translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                int code = k.getCode();
                if (code <= 0 || code == 502 || code == 503 || code == 504) {
                    return new Unreachable(reason(k), k);
                }
                return k;
            }
            if (t instanceof IOException) {
                return new Unreachable(reason(t), t);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    /** The innermost message, which names the real cause (Connection refused) rather than the wrapper. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
