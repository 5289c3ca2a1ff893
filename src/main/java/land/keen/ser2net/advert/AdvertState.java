package land.keen.ser2net.advert;

import java.util.List;

/**
 * One bridge's advert as the status page and metrics show it.
 *
 * @param name      the instance name advertised (after a conflict on the network, the one DNS-SD picked)
 * @param type      e.g. {@code _zigbee-coordinator._tcp}
 * @param domain    e.g. {@code local}
 * @param state     {@code announcing} (probing the name), {@code announced}, {@code failed} or {@code off} (adverts
 *                  switched off for this node by ser2net.mdns.enabled)
 * @param reason    why it failed, or null
 * @param addresses the local addresses it is announced on
 */
public record AdvertState(String name, String type, String domain, String state, String reason,
                          List<String> addresses) {

    public AdvertState {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    public boolean announced() {
        return state.equals("announced");
    }
}
