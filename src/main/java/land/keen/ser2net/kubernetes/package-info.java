/**
 * Kubernetes publishing: each running bridge becomes a cluster name, and what happens to the sticks becomes Events.
 *
 * <p>This package watches the bridge layer ({@code BridgeEvents.Listener}) and is never called by it: a bridge
 * serves its port with no cluster at all, and an unreachable API server only delays publishing. It is wired in
 * {@code routes/ser2net.yaml} as the bean {@code ser2netKubernetes} ({@link KubernetesPublisher}) and is off unless
 * the process runs in a cluster ({@code KUBERNETES_SERVICE_HOST}) or {@code ser2net.kubernetes.master-url} is set.
 *
 * <h2>What it writes (namespace {@code POD_NAMESPACE}, default {@code iot-system})</h2>
 * <ul>
 * <li>a Service without selector per bridge, named {@code <connection>-<node>} unless the connection asks for a
 * cluster-wide name ({@code service: zigbee-coordinator}); port {@code serial}/TCP = the bridge port;</li>
 * <li>an EndpointSlice ({@code discovery.k8s.io/v1}) for it: the node's {@code HOST_IP}, {@code nodeName}, ready,
 * labelled {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by:
 * ser2net-camel.keen.land};</li>
 * <li>both labelled {@code app.kubernetes.io/name: ser2net-camel}, {@code keen.land/node}, {@code keen.land/bridge}
 * and owned by this Pod, so deleting the pod deletes them;</li>
 * <li>Events ({@code events.k8s.io/v1}, shown by {@code kubectl get events -n iot-system}) about this Pod:
 * {@code DevicePlugged}, {@code DeviceUnplugged} (Normal), {@code DeviceOpenFailure}, {@code ServiceNameConflict}
 * (Warning). Without a pod name they are about the Node and go to {@code default}, the only namespace the API
 * server accepts for events about cluster-scoped objects.</li>
 * </ul>
 *
 * <h2>Downward API the DaemonSet should pass</h2>
 * {@code POD_NAMESPACE} (metadata.namespace), {@code POD_NAME} (metadata.name), {@code POD_UID} (metadata.uid;
 * optional, otherwise the pod is read once), {@code NODE_NAME} (spec.nodeName), {@code HOST_IP} (status.hostIP).
 *
 * <h2>RBAC</h2>
 * {@code deploy/rbac.yaml} is the Role this needs (services, endpointslices, events; pods get for the owner uid), with
 * a comment per rule. Services and slices are changed with update (PUT), so {@code update} is needed besides
 * {@code patch}; {@code list} finds what this node published before a restart. Owner references are set without
 * {@code blockOwnerDeletion}, so no {@code pods/finalizers} permission is needed. A forbidden call is logged once per
 * object and does not stop the others or any bridge.
 */
package land.keen.ser2net.kubernetes;
