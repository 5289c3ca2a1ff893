/**
 * ser2net's behaviour for each connection, on Camel routes. The mapping to ser2net's own files:
 * {@link land.keen.ser2net.bridge.BridgeManager#apply} is ser2net's reconfiguration ({@code port.c}: {@code ports}
 * and {@code new_ports}), {@link land.keen.ser2net.bridge.Bridge} is one port ({@code port.c}: admission,
 * {@code kickolduser}, device open and close; {@code dataxfer.c}: device output to every client),
 * {@code status/PortsStatus} is {@code showport}, {@link land.keen.ser2net.bridge.StringFormat} is
 * {@code ser2net_str.c} and {@link land.keen.ser2net.bridge.Trace} is {@code trace.c}.
 *
 * <h2>The path of a byte</h2>
 * <ul>
 * <li><b>Client to device:</b> the shared acceptor ({@code #ser2net-boss}) hands the socket to the bridge's own I/O
 * thread ({@code #io}); {@link land.keen.ser2net.bridge.PortPipeline} builds its pipeline from the accepter's layers
 * (remaddr refusal, idle timer, TLS, telnet / RFC 2217, {@link land.keen.ser2net.bridge.ClientGate}, bytes, Camel's
 * handler); the gate holds the bytes until the bridge admits the client on its control thread; then route
 * {@code bridge-<name>} writes them with {@code serial:DEVICE?attachOnly=true}.</li>
 * <li><b>Device to clients:</b> route {@code bridge-<name>-device} ({@code serial:DEVICE?lineSettings=#line}, started
 * for the first client) reads the device and ends in the bridge, which writes each chunk to every client channel.
 * This direction leaves Camel at that processor: no Camel producer writes to server-side channels.</li>
 * </ul>
 * The routes are the templates in {@code routes/bridge.yaml}; {@code BridgeManager} gives them the connection's
 * objects ({@code #bridge}, {@code #line}, {@code #pipeline}, {@code #io}) as template-local beans.
 */
package land.keen.ser2net.bridge;
