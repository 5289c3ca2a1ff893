package land.keen.ser2net.bridge;

/**
 * Who wants to know when bridges come and go (status, metrics, Kubernetes publishing). The bridge layer calls them and
 * never depends on them.
 */
public final class BridgeEvents {

    private BridgeEvents() {
    }

    public interface Listener {
        default void bridgeUp(Bridge bridge) {
        }

        default void bridgeDown(Bridge bridge) {
        }
    }
}
