package land.keen.ser2net.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import land.keen.ser2net.spec.AccepterSpec.Family;
import org.junit.jupiter.api.Test;

/** gensio's tcp,ipv4,NAME,PORT binds the name's address of that family, not whatever the resolver lists first. */
class ListenHostTest {

    @Test
    void aNameIsBoundAtItsAddressOfTheFamily() throws Exception {
        assertThat(ListenHost.resolve("localhost", Family.IPV4)).isEqualTo("127.0.0.1");
        // without a family the name is bound as written (the socket resolves it)
        assertThat(ListenHost.resolve("localhost", Family.ANY)).isEqualTo("localhost");
    }

    @Test
    void literalsAreBoundAsWritten() throws Exception {
        assertThat(ListenHost.resolve("0.0.0.0", Family.IPV4)).isEqualTo("0.0.0.0");
        assertThat(ListenHost.resolve("::", Family.IPV6)).isEqualTo("::");
        assertThat(ListenHost.resolve("fe80::1%eth0", Family.IPV6)).isEqualTo("fe80::1%eth0");
    }

    @Test
    void aNameWithoutAnAddressOfTheFamilyIsNamedInTheError() throws Exception {
        // localhost comes from /etc/hosts (no DNS query): with or without ::1 depending on the machine
        InetAddress v6 = java.util.Arrays.stream(InetAddress.getAllByName("localhost"))
                .filter(a -> a instanceof java.net.Inet6Address).findFirst().orElse(null);
        if (v6 == null) {
            assertThatThrownBy(() -> ListenHost.resolve("localhost", Family.IPV6))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessage("localhost has no IPv6 address (the accepter says ipv6)");
            // ipv6n4 takes IPv4 clients, so an IPv4-only name is fine there
            assertThat(ListenHost.resolve("localhost", Family.IPV6N4)).isEqualTo("127.0.0.1");
        } else {
            assertThat(ListenHost.resolve("localhost", Family.IPV6)).isEqualTo(v6.getHostAddress());
            assertThat(ListenHost.resolve("localhost", Family.IPV6N4)).isEqualTo(v6.getHostAddress());
        }
    }
}
