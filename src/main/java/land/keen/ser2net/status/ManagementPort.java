package land.keen.ser2net.status;

import java.net.BindException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the management port (camel.server.port / camel.management.port: /ports, health, metrics, Jolokia) honest.
 * Camel's HTTP server tries to listen once; when another program holds the port it logs a stack trace and carries on
 * as if serving. Here that is one ERROR naming the port and its holder, the bridges serve regardless, and the same
 * server (routes and all) tries to listen again every few seconds until the port is free; the endpoints are listed
 * once they really listen.
 *
 * <p>It owns the Vert.x instance the HTTP server runs on (found by Camel in the registry), so that a failed listen
 * reaches this class rather than Vert.x's "Unhandled exception" stack trace.
 */
public final class ManagementPort extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.status");
    private static final long RETRY_SECONDS = 2;

    private Vertx vertx;
    private CamelContext context;
    private ScheduledExecutorService retry;
    private boolean reported;
    private boolean announced;

    private ManagementPort() {
    }

    /** Watches the management port of the application {@code main} runs. */
    public static void install(MainSupport main) {
        main.addMainListener(new ManagementPort());
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        context = main.getCamelContext();
        if (!enabled("camel.server.enabled") && !enabled("camel.management.enabled")) {
            return;
        }
        VertxOptions options = CamelContextHelper.findSingleByType(context, VertxOptions.class);
        vertx = Vertx.vertx(options == null ? new VertxOptions() : options);
        vertx.exceptionHandler(ManagementPort::unhandled);
        context.getRegistry().bind("ser2netVertx", Vertx.class, vertx);
        context.addLifecycleStrategy(new Lifecycle());
    }

    /** After the context started: is the port served? Before it stops: no more retries; after: Vert.x closes. */
    private final class Lifecycle extends LifecycleStrategySupport {
        @Override
        public void onContextStarted(CamelContext started) {
            retry = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ManagementPort");
            retry.execute(ManagementPort.this::check);
        }

        @Override
        public void onContextStopping(CamelContext stopping) {
            if (retry != null) {
                context.getExecutorServiceManager().shutdownNow(retry);
                retry = null;
            }
        }

        @Override
        public void onContextStopped(CamelContext stopped) {
            if (vertx != null) {
                vertx.close();
                vertx = null;
            }
        }
    }

    private boolean enabled(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(Boolean::parseBoolean).orElse(false);
    }

    /** Listens again where the port was taken; says once that it is, and once that it is served. */
    private void check() {
        boolean waiting = false;
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            HttpServer http = server.getServer();
            if (!(http instanceof TCPServerBase tcp) || tcp.isListening()) {
                continue;
            }
            waiting = true;
            int port = server.getConfigurationPort();
            if (!reported) {
                reported = true;
                LOG.error("management port {} (/ports, health, metrics, Jolokia) is held by {}; the bridges keep"
                          + " serving, and the port is tried again every {} s until it is free", port,
                        PortHolder.describe(port).orElse("another program"), RETRY_SECONDS);
            }
            http.listen(port, server.getHost()).onSuccess(listening -> announce(server));
        }
        if (!waiting) {
            context.hasServices(VertxPlatformHttpServer.class).forEach(this::announce);
            return;
        }
        ScheduledExecutorService next = retry;
        if (next != null) {
            next.schedule(this::check, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private synchronized void announce(VertxPlatformHttpServer server) {
        if (announced) {
            return;
        }
        announced = true;
        LOG.info("management port {}{}: http://{}:{}/ports, /observe/health, /observe/metrics, /observe/jolokia",
                server.getPort(), reported ? " is free now and served" : " listening", server.getHost(),
                server.getPort());
    }

    /** Vert.x's last resort for exceptions: a failed listen is reported above; anything else is a real error. */
    private static void unhandled(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (!(root instanceof BindException)) {
            LOG.error("HTTP server: unexpected error", t);
        }
    }
}
