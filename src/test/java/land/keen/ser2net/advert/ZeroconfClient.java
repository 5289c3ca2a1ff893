package land.keen.ser2net.advert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import land.keen.ser2net.testing.NetnsPair;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * python3-zeroconf (Home Assistant's library) browsing one service type from inside a namespace: every line it prints
 * (a service resolved, updated or removed) is kept, stamped with when it arrived.
 */
final class ZeroconfClient implements AutoCloseable {

    record Event(long nanos, JsonObject json) {
        String kind() {
            return json.getString("event");
        }

        String name() {
            return json.getString("name");
        }
    }

    private final Process process;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final StringBuilder other = new StringBuilder();

    private ZeroconfClient(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "zeroconf-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Browses {@code type} (e.g. {@code _zigbee-coordinator._tcp.local.}) from {@code namespace}. */
    static ZeroconfClient browse(String namespace, String type, String... extra) throws IOException {
        Path script = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/resources/advert/zeroconf_browse.py");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-u", script.toString(), type));
        cmd.addAll(List.of(extra));
        return new ZeroconfClient(new ProcessBuilder(NetnsPair.in(namespace, cmd.toArray(String[]::new)))
                .redirectErrorStream(true).start());
    }

    /** True when Debian's python3-zeroconf can be imported. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import zeroconf").redirectErrorStream(true)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("{")) {
                    events.add(new Event(System.nanoTime(), (JsonObject) Jsoner.deserialize(line)));
                } else {
                    synchronized (other) {
                        other.append(line).append('\n');
                    }
                }
            }
        } catch (Exception e) {
            synchronized (other) {
                other.append(e).append('\n');
            }
        }
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** The last resolved sighting of a service (Added or Updated), or null. */
    Event resolved(String fullName) {
        Event last = null;
        for (Event e : events) {
            if (fullName.equals(e.name()) && Boolean.TRUE.equals(e.json().getBoolean("resolved"))) {
                last = e;
            } else if (fullName.equals(e.name()) && e.kind().equals("Removed")) {
                last = null;
            }
        }
        return last;
    }

    /** When a service was last seen to go, or null. */
    Event removed(String fullName) {
        Event last = null;
        for (Event e : events) {
            if (fullName.equals(e.name())) {
                last = e.kind().equals("Removed") ? e : null;
            }
        }
        return last;
    }

    /** With --packets: the mDNS packets that carried a live (TTL above 0) SRV record of {@code fullName}. */
    List<JsonObject> withSrv(String fullName) {
        return events.stream().filter(e -> e.kind().equals("Packet"))
                .filter(e -> ((List<?>) e.json().get("srv")).contains(fullName)).map(Event::json).toList();
    }

    boolean has(String kind) {
        return events.stream().anyMatch(e -> e.kind().equals(kind));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> txt(Event e) {
        return (Map<String, String>) e.json().get("txt");
    }

    @Override
    public String toString() {
        synchronized (other) {
            return "events " + events.stream().map(e -> e.json().toJson()).toList() + (other.isEmpty() ? ""
                    : "\noutput:\n" + other);
        }
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
