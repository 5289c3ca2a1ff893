package land.keen.ser2net.bridge;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How soon a client whose network vanished (Wi-Fi gone, cable pulled: no FIN, no RST) is found and dropped, so it
 * stops holding a max-connections slot. The kernel's defaults keep such a client for 2 h 11 min.
 * <p>
 * With these values a silent peer is probed after {@code idleSeconds}, then every {@code intervalSeconds}, and
 * dropped after {@code count} probes without an answer; {@code tcpUserTimeoutSeconds} (Linux TCP_USER_TIMEOUT)
 * bounds how long device output may stay unacknowledged, and with keepalive on it also caps the probing. The
 * defaults drop a vanished client within 50 s.
 *
 * @param idleSeconds           silence before the first probe
 * @param intervalSeconds       between probes
 * @param count                 unanswered probes before the client is dropped
 * @param tcpUserTimeoutSeconds unacknowledged data (or probes) for this long drops the client; 0 = kernel default
 */
public record Keepalive(int idleSeconds, int intervalSeconds, int count, int tcpUserTimeoutSeconds) {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    public static final Keepalive DEFAULT = new Keepalive(20, 10, 3, 50);

    public Keepalive {
        positive(idleSeconds, "keepalive-idle");
        positive(intervalSeconds, "keepalive-interval");
        positive(count, "keepalive-count");
        if (tcpUserTimeoutSeconds < 0) {
            throw new IllegalArgumentException("tcp-user-timeout must be 0 or more seconds, not "
                                               + tcpUserTimeoutSeconds);
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    /** These values with a connection's own settings in place of the app-wide ones (null: keep this one). */
    public Keepalive with(Integer idle, Integer interval, Integer probes, Integer userTimeout) {
        return new Keepalive(idle != null ? idle : idleSeconds, interval != null ? interval : intervalSeconds,
                probes != null ? probes : count, userTimeout != null ? userTimeout : tcpUserTimeoutSeconds);
    }

    /** For the log line of a dropped client: what it failed to answer. */
    String describe() {
        return "no answer to keepalive (" + idleSeconds + " s idle, " + count + " probes " + intervalSeconds
               + " s apart" + (tcpUserTimeoutSeconds > 0 ? ", tcp-user-timeout " + tcpUserTimeoutSeconds + " s" : "")
               + ")";
    }

    /** Sets these values on an accepted client socket (keepalive itself is on for every bridge socket). */
    void apply(Channel channel) {
        try {
            if (channel instanceof EpollSocketChannel epoll) {
                epoll.config().setKeepAlive(true);
                epoll.config().setTcpKeepIdle(idleSeconds);
                epoll.config().setTcpKeepIntvl(intervalSeconds);
                epoll.config().setTcpKeepCnt(count);
                epoll.config().setTcpUserTimeout(tcpUserTimeoutSeconds * 1000);
            } else if (channel instanceof SocketChannel nio) {
                // NIO reaches the keepalive timing through the JDK; TCP_USER_TIMEOUT only with epoll
                nio.config().setKeepAlive(true);
                nio.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds);
                nio.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), intervalSeconds);
                nio.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), count);
            }
        } catch (RuntimeException e) {
            // a socket already closed by the peer, or an OS without these options: kernel defaults it is
            LOG.debug("keepalive timing not set on {}: {}", Wording.address(channel), e.toString());
        }
    }
}
