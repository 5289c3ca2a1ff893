package land.keen.ser2net.bridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import land.keen.ser2net.telnet.TelnetHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static land.keen.ser2net.bridge.Wording.address;

/**
 * One bridge's admitted clients, in order of arrival (the first is the one kickolduser removes), and the device's
 * output to each of them. Safe to read and send from any thread; arrivals and departures are decided on the bridge's
 * control thread.
 */
final class BridgeClients {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    private final List<Channel> clients = new CopyOnWriteArrayList<>();
    private final String bridgeName;
    private final boolean rfc2217;
    /** Told when a client was dropped for being too slow (the device closes if it was the last). */
    private final Runnable droppedOne;

    BridgeClients(String bridgeName, boolean rfc2217, Runnable droppedOne) {
        this.bridgeName = bridgeName;
        this.rfc2217 = rfc2217;
        this.droppedOne = droppedOne;
    }

    List<Channel> list() {
        return List.copyOf(clients);
    }

    int size() {
        return clients.size();
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }

    void add(Channel client) {
        clients.add(client);
    }

    boolean remove(Channel client) {
        return clients.remove(client);
    }

    /** The client that has been here longest, removed (kickolduser); none when empty. */
    Channel removeOldest() {
        return clients.isEmpty() ? null : clients.remove(0);
    }

    /** Device output to every client (serial reader thread); a client that stopped reading is dropped instead. */
    void send(byte[] data) {
        for (Channel client : clients) {
            ClientSession session = ClientSession.of(client);
            if (!client.isWritable() && session.tooSlow(client)) {
                // it stopped reading: the device and the other clients must not wait for it (ser2net#139)
                drop(client);
                continue;
            }
            session.bytesFromDevice.addAndGet(data.length);
            client.writeAndFlush(Unpooled.wrappedBuffer(data), client.voidPromise());
        }
    }

    /** Once a second on a network thread while there are clients (writes to another channel hop onto its loop). */
    void tick() {
        for (Channel client : clients) {
            if (!client.isWritable() && ClientSession.of(client).tooSlow(client)) {
                drop(client);
            } else if (rfc2217) {
                // sends NOTIFY-MODEMSTATE / NOTIFY-LINESTATE when the lines changed under the client's masks
                TelnetHandlers.pollModemState(client);
            }
        }
    }

    /**
     * Only open connections count against max-connections: a client whose side is already closed is let go now,
     * though its own end-of-stream event may still be on its way (issue 9 §2).
     */
    void forgetThoseThatLeft() {
        for (Channel client : clients) {
            if (SocketTransport.peerGone(client) && clients.remove(client)) {
                LOG.info("bridge {}: client {} disconnected", bridgeName, address(client));
                client.close();
            }
        }
    }

    /** Ends every client's connection. */
    void closeAll() {
        List<Channel> gone = List.copyOf(clients);
        clients.clear();
        gone.forEach(Channel::close);
    }

    private void drop(Channel client) {
        if (clients.remove(client)) {
            LOG.warn("bridge {}: client {} dropped: too slow, {} bytes of device output waiting", bridgeName,
                    address(client), ClientSession.pending(client));
            client.close();
            droppedOne.run();
        }
    }
}
