package land.keen.ser2net.bridge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one bridge, kept by the bridge and read by whoever watches (metrics, /ports). Plain atomics: the bridge
 * needs no metrics library to work.
 */
public final class BridgeStats {

    final AtomicLong bytesToDevice = new AtomicLong();
    final AtomicLong bytesFromDevice = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong kicked = new AtomicLong();
    final AtomicLong openFailures = new AtomicLong();
    final AtomicLong deviceLost = new AtomicLong();
    volatile String lastError;

    public long bytesToDevice() {
        return bytesToDevice.get();
    }

    public long bytesFromDevice() {
        return bytesFromDevice.get();
    }

    /** Clients admitted (device open, slot free or kicked free). */
    public long accepted() {
        return accepted.get();
    }

    /** Clients turned away: port in use or device open failure. */
    public long refused() {
        return refused.get();
    }

    public long kicked() {
        return kicked.get();
    }

    public long openFailures() {
        return openFailures.get();
    }

    public long deviceLost() {
        return deviceLost.get();
    }

    /** The last device error (open failure or loss), or null. */
    public String lastError() {
        return lastError;
    }
}
