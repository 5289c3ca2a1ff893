package land.keen.ser2net.app;

import java.nio.file.Files;
import java.nio.file.Path;

import land.keen.ser2net.status.ManagementPort;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar ser2net-camel.jar}: camel-main with application.properties; the routes, templates and beans come
 * from the YAML files in routes/ (see camel.main.routes-include-pattern), so a user can change them without a
 * rebuild.
 */
public final class Ser2netMain {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");

    private Ser2netMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        prepare(main);
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
        System.exit(main.run(args));
    }

    /** What every start of the application adds to camel-main (tests start it through here too). */
    public static void prepare(Main main) {
        ManagementPort.install(main);
    }
}
