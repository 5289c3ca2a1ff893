package land.keen.ser2net.testing;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import land.keen.ser2net.app.Reconciler;
import land.keen.ser2net.app.Ser2netMain;
import land.keen.ser2net.bridge.BridgeManager;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import static org.awaitility.Awaitility.await;

/**
 * The real application (camel-main, application.properties, the YAML files in routes/) in this JVM, with test
 * settings layered on top the way a user would pass -Dkey=value.
 */
public final class RunningApp implements AutoCloseable {

    private final Main main;

    private RunningApp(Main main) {
        this.main = main;
    }

    public static RunningApp start(Map<String, String> settings) throws Exception {
        return start(settings, main -> {
        });
    }

    /** As {@link #start(Map)}, after {@code before} has had its say (e.g. bound beans of its own). */
    public static RunningApp start(Map<String, String> settings, Consumer<Main> before) throws Exception {
        Main main = Ser2netMain.create();
        // fast ticks make tests quick; every other default is the shipped one
        main.addOverrideProperty("ser2net.scan-interval", "100");
        // and regular passes, so "nothing happened after n passes" is quick to tell (WatchTest runs without them)
        main.addOverrideProperty("ser2net.resync-interval", "100");
        // the operations port on a free port, so tests can run while something else holds 8778; Jolokia (slow to
        // start) only where a test asks for it
        int http = Ports.free();
        main.addOverrideProperty("camel.server.port", String.valueOf(http));
        main.addOverrideProperty("camel.management.port", String.valueOf(http));
        main.addOverrideProperty("camel.management.jolokia-enabled", "false");
        // no DNS-SD adverts from a test JVM: they would go out on this machine's real interfaces (the advert tests
        // run the app inside a network namespace instead, see NetnsPair)
        main.addOverrideProperty("ser2net.mdns.enabled", "false");
        settings.forEach(main::addOverrideProperty);
        before.accept(main);
        main.start();
        await().atMost(20, TimeUnit.SECONDS).until(() -> main.getCamelContext() != null
                                                         && main.getCamelContext().isStarted());
        return new RunningApp(main);
    }

    /**
     * The app serving {@code yaml} as its ser2net.yaml (written into {@code dir}; discovery off, as with a user's
     * file), once every one of {@code ports} listens.
     */
    public static RunningApp serving(java.nio.file.Path dir, String yaml, int... ports) throws Exception {
        java.nio.file.Path config = dir.resolve("ser2net.yaml");
        java.nio.file.Files.writeString(config, yaml);
        RunningApp app = start(Map.of("ser2net.config", config.toString(), "ser2net.discovery", "false"));
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> java.util.Arrays.stream(ports).allMatch(Ports::listening));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** Base URL of the operations HTTP server (health, metrics, Jolokia, /ports). */
    public String httpBase() {
        return "http://127.0.0.1:" + context().getPropertiesComponent().resolveProperty("camel.management.port")
                .orElseThrow();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Waits until the reconcile loop has made {@code n} more passes (so "nothing happened" is a real answer). */
    public void awaitReconcilePasses(int n) {
        Reconciler r = context().getRegistry().lookupByNameAndType("ser2netReconciler", Reconciler.class);
        long target = r.ticks() + n;
        await().atMost(20, TimeUnit.SECONDS).until(() -> r.ticks() >= target);
    }

    public BridgeManager bridges() {
        return context().getRegistry().lookupByNameAndType("ser2netBridges", BridgeManager.class);
    }

    @Override
    public void close() {
        main.stop();
    }
}
