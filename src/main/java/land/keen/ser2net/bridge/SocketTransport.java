package land.keen.ser2net.bridge;

import com.sun.jna.LastErrorException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import land.keen.ser2net.serial.LibC;
import org.apache.camel.component.netty.NettyServerBossPoolBuilder;
import org.apache.camel.component.netty.NettyWorkerPoolBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridges' sockets on Linux's epoll (Netty's native transport) where it loads, NIO elsewhere. Epoll gives what
 * NIO cannot: the kernel's view of a connection (TCP_INFO), so a client that already closed never counts against
 * max-connections, and per-socket keepalive timing with TCP_USER_TIMEOUT, so a vanished client is found.
 */
public final class SocketTransport {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    /** Linux's TCP_ESTABLISHED (include/net/tcp_states.h): both sides still open. */
    private static final int TCP_ESTABLISHED = 1;

    private static final boolean NATIVE = detect();

    private SocketTransport() {
    }

    private static boolean detect() {
        if (Epoll.isAvailable()) {
            return true;
        }
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            LOG.warn("native epoll transport unavailable ({}); sockets use NIO: a client that closed may count "
                     + "against max-connections a moment longer, and keepalive timing is the kernel's",
                    Epoll.unavailabilityCause() == null ? "unknown" : Epoll.unavailabilityCause().toString());
        }
        return false;
    }

    /** True when the bridges' sockets use epoll (the value of the netty endpoints' nativeTransport option). */
    public static boolean isNative() {
        return NATIVE;
    }

    static EventLoopGroup bossGroup(String name) {
        return new NettyServerBossPoolBuilder().withNativeTransport(NATIVE).withBossCount(1).withName(name).build();
    }

    static EventLoopGroup workerGroup(int threads, String name) {
        return new NettyWorkerPoolBuilder().withNativeTransport(NATIVE).withWorkerCount(threads).withName(name)
                .build();
    }

    /**
     * True once the client has closed its side (FIN or RST), even before Netty has read the end of the stream: its
     * socket is no longer ESTABLISHED. Safe from any thread.
     */
    static boolean peerGone(Channel channel) {
        if (!channel.isActive()) {
            return true;
        }
        if (channel instanceof EpollSocketChannel epoll) {
            try {
                return epoll.tcpInfo().state() != TCP_ESTABLISHED;
            } catch (ChannelException closedMeanwhile) {
                return true;
            }
        }
        return false;
    }

    /** Linux FIONREAD (SIOCINQ): bytes a TCP socket has received that nobody has read yet. */
    private static final long FIONREAD = 0x541B;

    /**
     * Whether bytes wait, unread, in the client's socket: a client that has already closed its side but sent a command
     * first is served, unlike a probe that connected and left. False for a closed socket (what it sent was read);
     * true when it cannot be told (NIO, no libc): better to open the device once too often than to drop a command.
     */
    static boolean unreadBytes(Channel channel) {
        if (!channel.isOpen()) {
            return false;
        }
        if (channel instanceof EpollSocketChannel epoll) {
            try {
                int[] count = new int[1];
                LibC.INSTANCE.ioctl(epoll.fd().intValue(), FIONREAD, count);
                return count[0] > 0;
            } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
                LOG.debug("cannot tell whether {} sent bytes: {}", channel, e.toString());
            }
        }
        return true;
    }
}
