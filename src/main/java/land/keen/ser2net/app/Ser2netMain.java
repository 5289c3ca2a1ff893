package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.status.ManagementPort;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar ser2net-camel.jar}: camel-main with application.properties; the routes, templates and beans come
 * from the YAML files in routes/ (see camel.main.routes-include-pattern), so a user can change them without a
 * rebuild.
 */
public final class Ser2netMain {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");

    /** Seconds after start before the class-data archive is written (the first reconcile passes are done). */
    private static final long ARCHIVE_DELAY_SECONDS = 3;

    private Ser2netMain() {
    }

    /**
     * camel-main 4.18 takes {@code CAMEL_MANAGEMENT_JOLOKIAENABLED=false} from the environment but ignores
     * {@code CAMEL_MANAGEMENT_PORT} and {@code CAMEL_SERVER_PORT} (checked: the server still binds 8778), so the
     * DaemonSet's way of setting the port did nothing. The ports become system properties here, unless a {@code -D}
     * already names them.
     */
    static void serverSettingsFromEnvironment() {
        System.getenv().forEach((name, value) -> {
            if (name.equals("CAMEL_SERVER_PORT") || name.equals("CAMEL_MANAGEMENT_PORT")) {
                String key = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                if (System.getProperty(key) == null) {
                    System.setProperty(key, value);
                }
            }
        });
    }

    public static void main(String[] args) throws Exception {
        serverSettingsFromEnvironment();
        Main main = create();
        // signals belong to the process: only a real start (not a test's in-process app) takes SIGHUP over
        HangupReload.install(main);
        String routes = System.getProperty("camel.main.routes-include-pattern",
                System.getenv("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN"));
        if (routes != null) {
            // camel-main reads modelines with the pattern of application.properties before -D and the environment
            // apply; given here, the user's own route files are the ones read from the start
            main.addOverrideProperty("camel.main.routes-include-pattern", routes);
        } else if (!Files.isDirectory(Path.of("routes"))) {
            // started away from the project folder: use the copies in the jar rather than run with no routes
            LOG.warn("no routes/ folder in {}; using the routes inside the jar (run from the folder that holds"
                     + " routes/, or set camel.main.routes-include-pattern, to use editable ones)",
                    Path.of("").toAbsolutePath());
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/*.yaml");
        }
        if (System.getProperty("ser2net.snippets") == null && System.getenv("SER2NET_SNIPPETS") == null
            && !Files.isDirectory(Path.of("snippets"))) {
            // the same for snippets (the demo stick and every shipped stick need theirs); the folder must be a real one
            // to be watched, so the jar's copies are put in a temporary folder
            Path copy = JarSnippets.extract();
            if (copy != null) {
                LOG.warn("no snippets/ folder in {}; using the snippets inside the jar, copied to {} (set"
                         + " ser2net.snippets to use your own)", Path.of("").toAbsolutePath(), copy);
                main.addOverrideProperty("ser2net.snippets", copy.toString());
            }
        }
        Optional<Path> archive = ClassDataArchive.named();
        if (archive.isPresent() && ClassDataArchive.mapped()) {
            LOG.info("class-data archive {} in use", archive.get());
        } else {
            archive.ifPresent(missing -> writeArchiveOnceStarted(main, missing));
        }
        System.exit(main.run(args));
    }

    /** camel-main as every start of the application has it (tests start it through here too). */
    public static Main create() {
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                // as camel-main's own, with the context that adds routes in constant time (Ser2netCamelContext)
                DefaultCamelContext context = new Ser2netCamelContext(false);
                context.getCamelContextExtension().setRegistry(registry);
                context.getGlobalOptions().put("CamelMainClass", Ser2netMain.class.getName());
                return context;
            }
        };
        ManagementPort.install(main);
        return main;
    }

    private static void writeArchiveOnceStarted(Main main, Path archive) {
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                // a daemon thread: stopping the app never waits for a dump (an unfinished one is retried next start)
                started.getCamelContext().getExecutorServiceManager().newThread("class-data-archive", () -> {
                    try {
                        // once the first bridges are up, so their classes are in the archive too
                        TimeUnit.SECONDS.sleep(ARCHIVE_DELAY_SECONDS);
                        ClassDataArchive.create(archive);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).start();
            }
        });
    }
}
