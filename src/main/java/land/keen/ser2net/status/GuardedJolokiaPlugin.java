package land.keen.ser2net.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.support.service.ServiceSupport;
import org.jolokia.core.api.LogHandler;
import org.jolokia.json.JSONStructure;
import org.jolokia.server.core.config.ConfigKey;
import org.jolokia.server.core.config.StaticConfiguration;
import org.jolokia.server.core.http.HttpRequestHandler;
import org.jolokia.server.core.service.JolokiaServiceManagerFactory;
import org.jolokia.server.core.service.api.JolokiaServiceManager;
import org.jolokia.service.jmx.LocalRequestHandler;
import org.jolokia.service.serializer.JolokiaSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia on the management port (bean {@code jolokia}, which camel-main picks up instead of its own plugin). What a
 * caller may do is Jolokia's own decision, made by {@link JolokiaPolicy} on the parsed request: anonymous callers
 * read, list, search and ask the version (minus secret-bearing attributes); an operator who gives the HTTP Basic
 * credentials of {@code ser2net.jolokia.user} / {@code ser2net.jolokia.password} (or {@code password-file}) may
 * also exec and write (stop a route from Hawtio). Without a password nobody may exec or write.
 */
public class GuardedJolokiaPlugin extends ServiceSupport implements JolokiaPlatformHttpPlugin {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.status");

    /**
     * Made when started, not when constructed: camel-main builds YAML beans twice (once while pre-parsing for
     * configuration) and keeps the second, so the first must cost nothing.
     */
    private volatile HttpRequestHandler jolokia;
    private JolokiaServiceManager serviceManager;
    private CamelContext context;
    private String user = "";
    private String password = "";
    private String passwordFile = "";

    public void setUser(String user) {
        this.user = user == null ? "" : user.trim();
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    /** A file holding the password (a Kubernetes Secret mounted as a file); wins over {@code password}. */
    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile == null ? "" : passwordFile.trim();
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
        String source = resolvePassword();
        JolokiaServiceManager manager = JolokiaServiceManagerFactory.createJolokiaServiceManager(
                new StaticConfiguration(ConfigKey.AGENT_ID, "ser2net-camel-" + ProcessHandle.current().pid() + "-"
                                                            + Integer.toHexString(System.identityHashCode(this))),
                new Slf4jLogHandler(), new JolokiaPolicy());
        manager.addService(new JolokiaSerializer());
        manager.addService(new LocalRequestHandler(1));
        serviceManager = manager;
        Thread starter = new Thread(() -> {
            try {
                jolokia = new HttpRequestHandler(manager.start());
            } catch (RuntimeException e) {
                LOG.warn("Jolokia did not start: {}", e.getMessage());
            }
        }, "JolokiaStarter");
        starter.setDaemon(true);
        starter.start();
        LOG.info("Jolokia: anonymous read/list/search/version (command line, system properties and secrets hidden);"
                 + " exec and write {}", password.isEmpty()
                ? "refused (set ser2net.jolokia.user and SER2NET_JOLOKIA_PASSWORD or ser2net.jolokia.password-file)"
                : "for user " + user + " (password from " + source + ")");
    }

    /** Where the password came from, for the log; reads the password file if one is given. */
    private String resolvePassword() {
        if (!passwordFile.isEmpty()) {
            try {
                // bounded like every file the app reads: a Secret holds a line, not /dev/zero
                password = new String(land.keen.ser2net.files.BoundedFiles.read(Path.of(passwordFile), 4096),
                        StandardCharsets.UTF_8).strip();
                return "ser2net.jolokia.password-file " + passwordFile;
            } catch (IOException | RuntimeException e) {
                LOG.error("ser2net.jolokia.password-file {}: cannot be read ({}); Jolokia exec and write refused",
                        passwordFile, e instanceof land.keen.ser2net.files.BoundedFiles.TooLargeException
                                ? e.getMessage() : e.getClass().getSimpleName());
                password = "";
                return "nowhere";
            }
        }
        String fromCommandLine = System.getProperty("ser2net.jolokia.password");
        if (!password.isEmpty() && fromCommandLine != null && fromCommandLine.equals(password)) {
            LOG.warn("ser2net.jolokia.password is given as -D on the command line, where every local user sees it"
                     + " (ps); Jolokia hides it, but prefer SER2NET_JOLOKIA_PASSWORD or ser2net.jolokia.password-file");
            return "the command line";
        }
        return "the configuration";
    }

    @Override
    protected void doStop() throws Exception {
        if (serviceManager != null) {
            serviceManager.stop();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object getHandler() {
        return (Handler<RoutingContext>) rc -> {
            HttpRequestHandler handler = jolokia;
            if (handler == null) {
                rc.response().setStatusCode(503).end("Jolokia is starting");
                return;
            }
            boolean operator = authorized(rc);
            JSONStructure reply = JolokiaPolicy.asOperator(operator, () -> handle(handler, rc));
            rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(reply.toJSONString());
        };
    }

    /** Hands the request to Jolokia, which parses it and checks every part against {@link JolokiaPolicy}. */
    private static JSONStructure handle(HttpRequestHandler handler, RoutingContext rc) {
        HttpServerRequest req = rc.request();
        try {
            String origin = req.getHeader(HttpHeaders.ORIGIN);
            handler.checkAccess(req.scheme(), req.remoteAddress().host(), req.remoteAddress().host(),
                    origin == null ? "" : origin.replaceAll("[\\r\\n]", ""));
            Map<String, String[]> params = new HashMap<>();
            for (String name : req.params().names()) {
                params.put(name, req.params().getAll(name).toArray(new String[0]));
            }
            if (req.method() == HttpMethod.POST) {
                if (rc.body() == null || rc.body().buffer() == null) {
                    throw new IllegalArgumentException("a POST to Jolokia needs a JSON body");
                }
                return handler.handlePostRequest(req.uri(), new ByteBufInputStream(rc.body().buffer().getByteBuf()),
                        StandardCharsets.UTF_8.name(), params);
            }
            return handler.handleGetRequest(req.uri(), pathBelowMount(rc), params);
        } catch (Throwable e) {
            return handler.handleThrowable(e);
        }
    }

    /** The part of the path after where Jolokia is mounted (/observe/jolokia/read/… → /read/…). */
    private static String pathBelowMount(RoutingContext rc) {
        String path = rc.normalizedPath();
        String mount = rc.currentRoute() != null && rc.currentRoute().getPath() != null
                ? rc.currentRoute().getPath().replaceAll("/?\\*$", "") : "";
        return path.startsWith(mount) ? path.substring(mount.length()) : path;
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

    /** Jolokia's own messages go to our log. */
    private static final class Slf4jLogHandler implements LogHandler {
        private static final Logger JOLOKIA = LoggerFactory.getLogger("org.jolokia");

        @Override
        public void debug(String message) {
            JOLOKIA.debug(message);
        }

        @Override
        public void info(String message) {
            JOLOKIA.info(message);
        }

        @Override
        public void error(String message, Throwable t) {
            JOLOKIA.error(message, t);
        }

        @Override
        public boolean isDebug() {
            return JOLOKIA.isDebugEnabled();
        }
    }
}
