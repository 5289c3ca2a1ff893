package land.keen.ser2net.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.DefaultJolokiaPlatformHttpPlugin;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia on the management port (bean {@code jolokia}, which camel-main picks up instead of its own plugin): anyone
 * may read, list, search and ask the version, which is all Hawtio needs to show the bridges; exec and write (stopping a
 * route, changing an attribute) need the credentials of {@code ser2net.jolokia.user} / {@code ser2net.jolokia.password}
 * (HTTP Basic). Without a password configured nobody may exec or write. A refused request gets Jolokia's own 403
 * reply, so Hawtio reports it as it would report its policy.
 */
public class GuardedJolokiaPlugin extends ServiceSupport implements JolokiaPlatformHttpPlugin {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.status");
    private static final Set<String> ANONYMOUS = Set.of("read", "list", "search", "version");

    /**
     * Made when started, not when constructed: camel-main builds YAML beans twice (once while pre-parsing for
     * configuration) and keeps the second, so the first must cost nothing.
     */
    private volatile DefaultJolokiaPlatformHttpPlugin jolokia;
    private CamelContext context;
    private String user = "";
    private String password = "";

    public void setUser(String user) {
        this.user = user == null ? "" : user.trim();
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    @Override
    public String getId() {
        return NAME;
    }

    /**
     * Jolokia takes about a second to set up (it walks every MBean server); the bridges must not wait for it, so it
     * starts on its own thread and answers 503 until it is ready.
     */
    @Override
    protected void doStart() throws Exception {
        DefaultJolokiaPlatformHttpPlugin plugin = new DefaultJolokiaPlatformHttpPlugin();
        plugin.setCamelContext(context);
        jolokia = plugin;
        Thread starter = new Thread(() -> {
            try {
                plugin.start();
            } catch (RuntimeException e) {
                LOG.warn("Jolokia did not start: {}", e.getMessage());
            }
        }, "JolokiaStarter");
        starter.setDaemon(true);
        starter.start();
        LOG.info("Jolokia: anonymous read/list/search/version; exec and write {}", password.isEmpty()
                ? "refused (set ser2net.jolokia.user and ser2net.jolokia.password to allow them)"
                : "for user " + user);
    }

    @Override
    protected void doStop() throws Exception {
        if (jolokia != null) {
            jolokia.stop();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object getHandler() {
        return (Handler<RoutingContext>) rc -> {
            DefaultJolokiaPlatformHttpPlugin plugin = jolokia;
            Handler<RoutingContext> inner = plugin != null && plugin.isStarted()
                    ? (Handler<RoutingContext>) plugin.getHandler() : null;
            if (inner == null) {
                rc.response().setStatusCode(503).end("Jolokia is starting");
                return;
            }
            String refused = authorized(rc) ? null : refusal(rc);
            if (refused == null) {
                inner.handle(rc);
                return;
            }
            JsonObject reply = new JsonObject();
            reply.put("status", 403);
            reply.put("error_type", "java.lang.SecurityException");
            reply.put("error", refused);
            rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(reply.toJson());
        };
    }

    /** Null when every operation of the request is one anyone may do, else why not. */
    private static String refusal(RoutingContext rc) {
        if (rc.request().method() == HttpMethod.POST) {
            String body = rc.body() == null ? null : rc.body().asString();
            Object parsed;
            try {
                parsed = body == null ? null : Jsoner.deserialize(body);
            } catch (Exception e) {
                parsed = null;
            }
            JsonArray requests = parsed instanceof JsonArray a ? a : new JsonArray();
            if (parsed instanceof JsonObject o) {
                requests.add(o);
            }
            if (requests.isEmpty()) {
                return "Request not understood; anonymous callers may only read, list, search or ask the version";
            }
            for (Object r : requests) {
                String type = r instanceof JsonObject o ? String.valueOf(o.get("type")) : "";
                if (!ANONYMOUS.contains(type.toLowerCase(Locale.ROOT))) {
                    return denied(type);
                }
            }
            return null;
        }
        // GET /observe/jolokia/<type>/... ; a bare GET is "version"
        String path = rc.normalizedPath();
        String mount = rc.currentRoute() != null && rc.currentRoute().getPath() != null
                ? rc.currentRoute().getPath().replaceAll("/?\\*$", "") : "";
        String rest = path.startsWith(mount) ? path.substring(mount.length()) : path;
        // Jolokia also takes the whole path from the "p" query parameter (GET /jolokia?p=/exec/...)
        String p = rc.request().getParam("p");
        if (p != null) {
            rest = p;
        }
        rest = rest.replaceAll("^/+", "");
        String type = rest.isEmpty() ? "version" : rest.split("/", 2)[0];
        return ANONYMOUS.contains(type.toLowerCase(Locale.ROOT)) ? null : denied(type);
    }

    private static String denied(String type) {
        return "Operation " + type + " needs the credentials of ser2net.jolokia.user (anonymous: read, list, search,"
               + " version)";
    }

    private boolean authorized(RoutingContext rc) {
        if (password.isEmpty()) {
            return false;
        }
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String given;
        try {
            given = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }
}
