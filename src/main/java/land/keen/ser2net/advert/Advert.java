package land.keen.ser2net.advert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import land.keen.ser2net.bridge.ServedConnection;
import land.keen.ser2net.spec.AccepterSpec;
import land.keen.ser2net.spec.MdnsSpec;

/**
 * The DNS-SD service one bridge advertises, with ser2net's defaults filled in: the instance name is the connection's,
 * the type {@code _iostream._tcp}, the port the one the bridge listens on, and the TXT record the {@code mdns-txt}
 * strings, then (with {@code mdns-sysattrs}) the device's sysfs attributes, then {@code provider=ser2net} and
 * {@code gensiostack=...} unless already given.
 *
 * @param bridge  the connection name
 * @param name    service instance name asked for (a conflict on the network may change it)
 * @param type    e.g. {@code _zigbee-coordinator._tcp}
 * @param domain  e.g. {@code local}
 * @param host    host name label for the responder, or null for the node's
 */
record Advert(String bridge, String name, String type, String domain, int port, List<String> txt, int netIf,
              MdnsSpec.NetType netType, String host) {

    /**
     * In a snippet's {@code mdns-txt}, stands for the stick's USB serial number (like {@code DEVNODE} for its path):
     * {@code serial_number=DEVSERIAL}. A string that uses it is left out for a stick without a serial.
     */
    static final String DEVSERIAL = "DEVSERIAL";

    static Advert of(ServedConnection spec, DeviceAttributes device) {
        MdnsSpec m = spec.options().mdns();
        List<String> txt = new ArrayList<>();
        for (String t : m.txt()) {
            if (!t.contains(DEVSERIAL)) {
                txt.add(t);
            } else if (device.serial() != null) {
                txt.add(t.replace(DEVSERIAL, device.serial()));
            }
        }
        if (m.sysattrs()) {
            txt.addAll(device.txt());
        }
        if (txt.stream().noneMatch(t -> t.startsWith("provider="))) {
            txt.add("provider=ser2net");
        }
        if (txt.stream().noneMatch(t -> t.startsWith("gensiostack="))) {
            txt.add("gensiostack=" + gensioStack(spec.connection().accepter()));
        }
        return new Advert(spec.name(), m.name() == null ? spec.name() : m.name(), m.effectiveType(),
                m.domain() == null ? "local" : m.domain(), spec.port(), txt, m.netIf(), m.netType(), m.host());
    }

    /** ser2net's gensio stack of the accepter, outermost first, e.g. {@code telnet(rfc2217),tcp}. */
    private static String gensioStack(AccepterSpec accepter) {
        StringBuilder b = new StringBuilder();
        switch (accepter.telnet()) {
            case RFC2217 -> b.append("telnet(rfc2217),");
            case TELNET -> b.append("telnet,");
            case NONE -> {
            }
        }
        if (accepter.tls() != null) {
            b.append("ssl,");
        }
        return b.append("tcp").toString();
    }

    /** {@code _zigbee-coordinator._tcp.local.}, the form JmDNS takes. */
    String qualifiedType() {
        return type + "." + domain + ".";
    }

    /** The TXT record as DNS carries it: each string prefixed by its length. */
    byte[] txtRecord() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : txt) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
