package land.keen.ser2net.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether a TCP port can be listened on, asked before a bridge is built: a port held by another program is retried on
 * every reconcile pass, and building and tearing down its routes each time would fill the log.
 *
 * <p>The probe binds a plain (client) socket and never listens: a listening probe took, for the instant it was open,
 * a gateway's connection into its backlog and then reset it on close (seen in the bench as a first client "reset by
 * peer" or refused right after a successful connect). The kernel refuses the bind for a port another socket listens
 * on just the same.
 */
final class PortProbe {

    private PortProbe() {
    }

    /** Null when {@code host:port} can be bound now, else why not (in the words of the bind error). */
    static String holder(String host, int port) {
        try (Socket probe = new Socket()) {
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
