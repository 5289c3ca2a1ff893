package land.keen.ser2net.app;

import org.apache.camel.main.Main;

/**
 * {@code java -jar ser2net-camel.jar}: camel-main with application.properties; the routes, templates and beans come
 * from the YAML files in routes/ (see camel.main.routes-include-pattern), so a user can change them without a
 * rebuild.
 */
public final class Ser2netMain {

    private Ser2netMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        System.exit(main.run(args));
    }
}
