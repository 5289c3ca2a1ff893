package land.keen.ser2net.bridge;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** One connected client as /ports shows it: who, since when, how many bytes each way. */
public final class ClientSession {

    static final AttributeKey<ClientSession> KEY = AttributeKey.valueOf("ser2net.client");

    private final String remote;
    private final Instant since = Instant.now();
    final AtomicLong bytesToDevice = new AtomicLong();
    final AtomicLong bytesFromDevice = new AtomicLong();

    ClientSession(String remote) {
        this.remote = remote;
    }

    static ClientSession of(Channel channel) {
        ClientSession s = channel.attr(KEY).get();
        if (s == null) {
            s = new ClientSession(Bridge.address(channel));
            ClientSession raced = channel.attr(KEY).setIfAbsent(s);
            if (raced != null) {
                s = raced;
            }
        }
        return s;
    }

    public String remote() {
        return remote;
    }

    public Instant since() {
        return since;
    }

    public long bytesToDevice() {
        return bytesToDevice.get();
    }

    public long bytesFromDevice() {
        return bytesFromDevice.get();
    }
}
