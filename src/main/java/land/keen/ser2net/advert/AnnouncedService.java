package land.keen.ser2net.advert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.HostInfo;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSRecordClass;

/**
 * A JmDNS service whose announcements carry the host's address records too (RFC 6763 section 12.1 asks for them
 * with the SRV). JmDNS sends a service's PTR, SRV and TXT in one packet and the host's A/AAAA in another; a browser
 * that builds a service from one packet (zigbee-herdsman's bonjour-service does) then has no address and falls back
 * to the host name, which a gateway in a container usually cannot resolve. Goodbyes (TTL 0) stay without them: the
 * host's address outlives any one service.
 */
final class AnnouncedService extends ServiceInfoImpl {

    AnnouncedService(Advert a) {
        super(a.qualifiedType(), a.name(), "", a.port(), 0, 0, false, a.txtRecord());
    }

    @Override
    public Collection<DNSRecord> answers(DNSRecordClass recordClass, boolean unique, int ttl, HostInfo localHost) {
        Collection<DNSRecord> answers = super.answers(recordClass, unique, ttl, localHost);
        if (ttl <= 0 || localHost == null) {
            return answers;
        }
        List<DNSRecord> withAddresses = new ArrayList<>(answers);
        withAddresses.addAll(localHost.answers(recordClass, unique, ttl));
        return withAddresses;
    }
}
