package land.keen.ser2net.advert;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.jmdns.JmDNS;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mDNS responders (JmDNS instances): one per local address and host name, made when an advert first needs it.
 * JmDNS answers on the one address it is bound to, so a node with two LANs gets one responder on each, and an advert
 * limited by {@code mdns-interface} or {@code mdns-nettype} goes only to the responders that fit. Used from the
 * publisher's thread only.
 */
final class Responders {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.advert");

    /** A local address to advertise on and the interface it belongs to. */
    record Local(InetAddress address, int ifIndex, String ifName) {

        boolean fits(Advert a) {
            boolean family = switch (a.netType()) {
                case IPV4 -> address instanceof Inet4Address;
                case IPV6 -> address instanceof Inet6Address;
                case UNSPEC -> true;
            };
            return family && (a.netIf() < 0 || a.netIf() == ifIndex);
        }

        @Override
        public String toString() {
            return address.getHostAddress() + " (" + ifName + ")";
        }
    }

    /** One responder: an address and the host name it answers for. */
    record Key(Local local, String host) {
    }

    private final List<String> configured;
    private final Pattern exclude;
    private final String defaultHost;
    private final Map<Key, JmDNS> open = new LinkedHashMap<>();
    private final Set<String> warned = new LinkedHashSet<>();

    /**
     * @param configured addresses to advertise on; empty for every address of every interface that is up, does
     *                   multicast and is not loopback or {@code exclude}d
     * @param exclude    interface names never advertised on when choosing by itself (container and pod bridges)
     * @param hostName   host name label for the adverts; empty for the machine's
     */
    Responders(List<String> configured, Pattern exclude, String hostName) {
        this.configured = List.copyOf(configured);
        this.exclude = exclude;
        this.defaultHost = hostName == null || hostName.isBlank() ? machineHostName() : label(hostName);
    }

    /** The addresses to advertise on now. */
    List<Local> locals() {
        List<Local> locals = new ArrayList<>();
        if (!configured.isEmpty()) {
            for (String text : configured) {
                try {
                    InetAddress a = InetAddress.getByName(text);
                    NetworkInterface nif = NetworkInterface.getByInetAddress(a);
                    if (nif == null) {
                        warnOnce("ser2net.mdns.addresses: " + text + " is not an address of this machine (now)");
                        continue;
                    }
                    locals.add(new Local(a, nif.getIndex(), nif.getName()));
                } catch (IOException | RuntimeException e) {
                    warnOnce("ser2net.mdns.addresses: '" + text + "' is not an IP address: " + e.getMessage());
                }
            }
            return locals;
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || !nif.supportsMulticast() || nif.isPointToPoint()
                    || exclude.matcher(nif.getName()).matches()) {
                    continue;
                }
                InetAddress v4 = null;
                InetAddress v6 = null;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && v4 == null) {
                        v4 = a;
                    } else if (a instanceof Inet6Address && v6 == null) {
                        v6 = a;
                    }
                }
                if (v4 != null) {
                    locals.add(new Local(v4, nif.getIndex(), nif.getName()));
                }
                if (v6 != null) {
                    locals.add(new Local(v6, nif.getIndex(), nif.getName()));
                }
            }
        } catch (SocketException e) {
            warnOnce("cannot list the network interfaces: " + e.getMessage());
        }
        return locals;
    }

    /** The responder for an advert on one address, made on first use. */
    JmDNS responder(Key key) throws IOException {
        synchronized (open) {
            JmDNS j = open.get(key);
            if (j == null) {
                j = JmDNS.create(key.local().address(), key.host());
                open.put(key, j);
                LOG.info("mdns: responder for {}.local on {}", key.host(), key.local());
            }
            return j;
        }
    }

    Key key(Local local, Advert a) {
        return new Key(local, a.host() == null ? defaultHost : label(a.host()));
    }

    /** Closes the responders on addresses that are gone; their adverts cannot be withdrawn there any more. */
    void retain(List<Local> current) {
        List<Key> keys;
        synchronized (open) {
            keys = List.copyOf(open.keySet());
        }
        for (Key k : keys) {
            if (!current.contains(k.local())) {
                LOG.info("mdns: {} is gone; its responder is closed", k.local());
                close(k);
            }
        }
    }

    /** Sends goodbyes for everything still advertised and closes every responder. */
    void closeAll() {
        List<Thread> closing = new ArrayList<>();
        List<Key> keys;
        synchronized (open) {
            keys = List.copyOf(open.keySet());
        }
        for (Key k : keys) {
            // each close waits for its goodbyes to go out; in parallel, so shutdown takes one wait, not one per LAN
            Thread t = new Thread(() -> close(k), "Ser2netMdnsClose");
            closing.add(t);
            t.start();
        }
        for (Thread t : closing) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void close(Key k) {
        JmDNS j;
        synchronized (open) {
            j = open.remove(k);
        }
        if (j == null) {
            return;
        }
        try {
            j.unregisterAllServices();
            j.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("mdns: closing the responder on {}: {}", k.local(), e.toString());
        }
    }

    private void warnOnce(String message) {
        if (warned.add(message)) {
            LOG.warn("mdns: {}", message);
        }
    }

    /** The first label of a host name: {@code garage} for {@code garage.example.org} or {@code garage.local}. */
    static String label(String host) {
        String h = host.trim();
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }

    /** The kernel's host name, read without asking any resolver (that could send traffic off the node). */
    private static String machineHostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return label(h);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "ser2net-camel" : label(env);
    }
}
