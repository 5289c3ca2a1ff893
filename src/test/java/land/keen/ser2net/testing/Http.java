package land.keen.ser2net.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/** What an operator reads over the operations port: /ports, health, metrics. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Http() {
    }

    public static HttpResponse<String> get(RunningApp app, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(app.httpBase() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The /ports document. */
    public static JsonObject ports(RunningApp app) throws Exception {
        return (JsonObject) Jsoner.deserialize(get(app, "/ports").body());
    }

    /** The /ports entry of one connection, or null. */
    public static JsonObject port(RunningApp app, String name) throws Exception {
        return entries(ports(app)).stream().filter(p -> name.equals(p.get("name"))).findFirst().orElse(null);
    }

    public static List<JsonObject> entries(JsonObject ports) {
        return ((JsonArray) ports.get("ports")).stream().map(JsonObject.class::cast).toList();
    }

    /** The value of a Prometheus sample line starting with {@code prefix}, or NaN when absent. */
    public static double metric(RunningApp app, String prefix) throws Exception {
        for (String line : get(app, "/observe/metrics").body().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
