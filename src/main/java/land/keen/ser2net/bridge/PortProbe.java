package land.keen.ser2net.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a TCP port can be listened on, asked before a bridge is built: a port held by another program is retried on
 * every reconcile pass, and building and tearing down its routes each time would fill the log.
 */
final class PortProbe {

    private PortProbe() {
    }

    /** Null when {@code host:port} can be bound now, else why not (in the words of the bind error). */
    static String holder(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return "port " + port + " on " + host + " cannot be listened on: " + e.getMessage();
        } catch (RuntimeException e) {
            // an unresolvable address: the bind in the route says it in its own words
            return null;
        }
    }
}
