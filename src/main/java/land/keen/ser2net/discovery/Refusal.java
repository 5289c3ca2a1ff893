package land.keen.ser2net.discovery;

import java.util.List;

/**
 * A device (or several) the matcher will not bridge, and why. Refusals are meant to be shown loudly
 * (log, status, event) and kept visible until the configuration or the hardware changes.
 *
 * @param kind       what went wrong
 * @param key        stable identity of this refusal across scans: it is built from the devices'
 *                   {@link SerialDevice#identity()} (not the tty number, which can change on re-plug),
 *                   the snippet ids and, for port conflicts, the port. Callers log a refusal the
 *                   first time its key appears and clear it when the key disappears.
 * @param message    one human sentence naming the snippets and every device (node, serial, port path)
 * @param devices    the refused devices, in tty order
 * @param snippetIds the snippets involved, sorted
 * @param port       the contested TCP port for {@link Kind#PORT_CONFLICT}, else the port the
 *                   snippets would have given (informational)
 */
public record Refusal(Kind kind, String key, String message, List<SerialDevice> devices,
                      List<String> snippetIds, int port) {

    public enum Kind {
        /** Two or more snippets match one device with the same, highest specificity. */
        AMBIGUOUS,
        /** Two or more devices were each matched unambiguously, but to the same TCP port. */
        PORT_CONFLICT
    }

    public Refusal {
        devices = List.copyOf(devices);
        snippetIds = List.copyOf(snippetIds);
    }
}
