package land.keen.ser2net.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import land.keen.ser2net.advert.AdvertPublisher;
import land.keen.ser2net.advert.AdvertState;
import land.keen.ser2net.app.ConfigIssue;
import land.keen.ser2net.app.Reconciler;
import land.keen.ser2net.bridge.Bridge;
import land.keen.ser2net.bridge.BridgeState;
import land.keen.ser2net.bridge.BridgeManager;
import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.bridge.BridgeStats;
import land.keen.ser2net.bridge.ClientSession;
import land.keen.ser2net.discovery.Refusal;
import land.keen.ser2net.discovery.SerialDevice;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * {@code GET /ports}: what ser2net's {@code showport} tells, as JSON: every bridge with its port, device, state,
 * clients and counters, plus the wanted bridges that are not running and why (port in use, refused by discovery).
 */
public class PortsStatus {

    private BridgeManager bridges;
    private Reconciler reconciler;
    private AdvertPublisher adverts;

    public void setBridges(BridgeManager bridges) {
        this.bridges = bridges;
    }

    public void setReconciler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    public void setAdverts(AdvertPublisher adverts) {
        this.adverts = adverts;
    }

    public String ports() {
        JsonArray ports = new JsonArray();
        List<ConfigIssue> issues = reconciler.configIssues();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (Bridge b : bridges.bridges()) {
            JsonObject o = bridge(b);
            AdvertState advert = adverts == null ? null : adverts.advert(b.spec().name());
            if (advert != null) {
                o.put("advert", advert(advert));
            }
            ports.add(withConfigError(o, b.spec().name(), issues));
            shown.add(b.spec().name());
        }
        for (BridgeManager.Failure f : bridges.failures()) {
            JsonObject o = spec(f.spec());
            o.put("state", "error");
            o.put("reason", f.reason());
            ports.add(withConfigError(o, f.spec().name(), issues));
            shown.add(f.spec().name());
        }
        for (Reconciler.RefusedConnection r : reconciler.refusedConnections()) {
            JsonObject o = new JsonObject();
            o.put("name", r.name());
            o.put("port", r.port());
            o.put("source", r.source());
            o.put("state", "refused");
            o.put("reason", r.reason());
            ports.add(o);
            shown.add(r.name());
        }
        JsonArray fileProblems = new JsonArray();
        for (ConfigIssue issue : issues) {
            if (issue.connection() == null) {
                fileProblems.add(issue.message());
            } else if (shown.add(issue.connection())) {
                // a connection that never parsed (no last good version): not running, because of this
                JsonObject o = new JsonObject();
                o.put("name", issue.connection());
                o.put("source", issue.file());
                o.put("state", "config-error");
                o.put("reason", issue.message());
                ports.add(o);
            }
        }
        for (Refusal r : reconciler.refusals()) {
            JsonObject o = new JsonObject();
            o.put("name", null);
            o.put("port", r.port() > 0 ? r.port() : null);
            o.put("state", "refused");
            o.put("reason", r.message());
            o.put("snippets", new JsonArray(r.snippetIds()));
            JsonArray devices = new JsonArray();
            for (SerialDevice d : r.devices()) {
                JsonObject dev = new JsonObject();
                dev.put("device", d.devNode().toString());
                dev.put("usbId", d.usbId());
                dev.put("serial", d.serial());
                dev.put("portPath", d.portPath());
                devices.add(dev);
            }
            o.put("devices", devices);
            ports.add(o);
        }
        JsonObject root = new JsonObject();
        root.put("ports", ports);
        root.put("configProblems", fileProblems);
        return root.toJson();
    }

    /** A running connection whose configuration is now broken: it shows the error next to its running state. */
    private static JsonObject withConfigError(JsonObject o, String name, List<ConfigIssue> issues) {
        for (ConfigIssue issue : issues) {
            if (name.equals(issue.connection()) || issue.connection() == null && issue.keptLastGood()
                                                    && issue.file().equals(o.get("source"))) {
                o.put("configError", issue.message());
                o.put("config", issue.keptLastGood() ? "last good version" : "current");
            }
        }
        return o;
    }

    private static JsonObject bridge(Bridge b) {
        JsonObject o = spec(b.spec());
        BridgeStats s = b.stats();
        String state;
        BridgeState now = b.state();
        if (now == BridgeState.STOPPED_BY_OPERATOR || now == BridgeState.SUSPENDED_BY_OPERATOR) {
            state = now == BridgeState.STOPPED_BY_OPERATOR ? "stopped" : "suspended";
            o.put("reason", now.words() + " (route " + b.spec().networkRouteId() + "); start the route again to"
                            + " serve");
        } else if (now == BridgeState.OPEN) {
            state = "open";
        } else if (!Files.exists(Path.of(b.spec().device()))) {
            state = "error";
            o.put("reason", "device " + b.spec().device() + " is not present");
        } else {
            state = "listening";
        }
        o.put("state", state);
        if (s.lastError() != null) {
            o.put("lastError", s.lastError());
        }
        JsonArray clients = new JsonArray();
        for (ClientSession c : b.sessions()) {
            JsonObject co = new JsonObject();
            co.put("remote", c.remote());
            co.put("since", c.since().toString());
            co.put("bytesToDevice", c.bytesToDevice());
            co.put("bytesFromDevice", c.bytesFromDevice());
            clients.add(co);
        }
        o.put("clients", clients);
        JsonObject counters = new JsonObject();
        counters.put("bytesToDevice", s.bytesToDevice());
        counters.put("bytesFromDevice", s.bytesFromDevice());
        counters.put("connectionsAccepted", s.accepted());
        counters.put("connectionsRefused", s.refused());
        counters.put("connectionsKicked", s.kicked());
        counters.put("deviceOpenFailures", s.openFailures());
        counters.put("deviceLost", s.deviceLost());
        o.put("counters", counters);
        return o;
    }

    private static JsonObject advert(AdvertState a) {
        JsonObject o = new JsonObject();
        o.put("name", a.name());
        o.put("type", a.type());
        o.put("domain", a.domain());
        o.put("state", a.state());
        if (a.reason() != null) {
            o.put("reason", a.reason());
        }
        o.put("addresses", new JsonArray(a.addresses()));
        return o;
    }

    private static JsonObject spec(ServedConnection spec) {
        JsonObject o = new JsonObject();
        o.put("name", spec.name());
        o.put("port", spec.port());
        o.put("address", spec.host());
        o.put("device", spec.device());
        LineSettings line = spec.line();
        o.put("line", line.baudRate() + "," + line.dataBits() + "," + line.parity().word() + ","
                      + line.stopBits().word()
                      + (line.flowControl() == FlowControl.NONE ? "" : "," + line.flowControl().word()));
        o.put("maxConnections", spec.options().maxConnections());
        o.put("kickOldUser", spec.options().kickOldUser());
        o.put("source", spec.source());
        Map<String, String> labels = spec.labels();
        for (String key : List.of("usb-id", "serial", "port-path", "interface", "product", "snippet", "service")) {
            if (labels.containsKey(key)) {
                o.put(camel(key), labels.get(key));
            }
        }
        return o;
    }

    private static String camel(String key) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
