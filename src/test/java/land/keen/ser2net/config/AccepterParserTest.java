package land.keen.ser2net.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import land.keen.ser2net.spec.AccepterSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AccepterParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "tcp,6639                | -            | 6639",
        "tcp,0.0.0.0,3001        | 0.0.0.0      | 3001",
        "tcp,localhost,2000      | localhost    | 2000",
        "tcp,garage.lan,65535    | garage.lan   | 65535",
        "tcp,[::1],1             | ::1          | 1",
        "tcp,[fe80::1%eth0],7000 | fe80::1%eth0 | 7000",
        "tcp,::,7001             | ::           | 7001",
        "' tcp , 127.0.0.1 , 80 '| 127.0.0.1    | 80",
    })
    void plainTcp(String accepter, String host, int port) {
        AccepterParser.Syntax spec = AccepterParser.parse(accepter);
        assertThat(spec.raw()).isEqualTo(accepter);
        assertThat(spec.layers()).isEmpty();
        assertThat(spec.host()).isEqualTo(host);
        assertThat(spec.port()).isEqualTo(port);
    }

    /** gensio's {@code [ipv4|ipv6|ipv6n4,][ADDR,]PORT}: no address is every address of the family. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp,ipv4,4001               | IPV4   | 0.0.0.0    | 4001",
        "tcp,ipv4,localhost,2000     | IPV4   | localhost  | 2000",
        "tcp,ipv4,127.0.0.1,2000     | IPV4   | 127.0.0.1  | 2000",
        "tcp,ipv6,2000               | IPV6   | ::         | 2000",
        "tcp,ipv6,::1,2000           | IPV6   | ::1        | 2000",
        "tcp,ipv6n4,2000             | IPV6N4 | ::         | 2000",
        "tcp,ipv6n4,127.0.0.1,2000   | IPV6N4 | 127.0.0.1  | 2000",
        "telnet,tcp,IPv4,garage.lan,23 | IPV4 | garage.lan | 23",
        "tcp,localhost,2000          | ANY    | localhost  | 2000",
    })
    void addressFamilies(String accepter, AccepterSpec.Family family, String host, int port) {
        AccepterParser.Syntax spec = AccepterParser.parse(accepter);
        assertThat(spec.family()).isEqualTo(family);
        assertThat(spec.host()).isEqualTo(host);
        assertThat(spec.port()).isEqualTo(port);
        assertThat(AccepterParser.accepter(accepter, note -> { }).family()).isEqualTo(family);
    }

    /** gensio's tcp accepter options: read and checked; what this app does differently is said, not refused. */
    @Test
    void tcpOptionsAreReadAndWhatDiffersIsSaid() {
        List<String> notes = new java.util.ArrayList<>();
        AccepterSpec plain = AccepterParser.accepter("tcp(nodelay,readbuf=4096,reuseaddr=true,tcpd=off),2000",
                notes::add);
        assertThat(plain.port()).isEqualTo(2000);
        assertThat(notes).isEmpty();
        AccepterSpec nagle = AccepterParser.accepter("telnet,tcp(nodelay=false),localhost,2001", notes::add);
        assertThat(nagle.host()).isEqualTo("localhost");
        assertThat(nagle.telnet()).isEqualTo(AccepterSpec.Telnet.TELNET);
        assertThat(notes).containsExactly(
                "accepter: tcp option 'nodelay=false': sockets here always have TCP_NODELAY; ignored");
    }

    /** gensio's telnet options, as files write them (telnet(rfc2217,mode=server)); what changes nothing is said. */
    @Test
    void telnetOptionsAreReadAndWhatDiffersIsSaid() {
        List<String> notes = new java.util.ArrayList<>();
        assertThat(AccepterParser.accepter("telnet(rfc2217,mode=server),tcp,2000", notes::add).telnet())
                .isEqualTo(AccepterSpec.Telnet.RFC2217);
        assertThat(AccepterParser.accepter("telnet(rfc2217=true,rfc2217=false,writebuf=512,readbuf=1024,"
                                           + "drain_timeout=-1,winsize=false),tcp,2001", notes::add).telnet())
                .isEqualTo(AccepterSpec.Telnet.TELNET);
        assertThat(notes).isEmpty();
        assertThat(AccepterParser.accepter("telnet(winsize),tcp,2002", notes::add).telnet())
                .isEqualTo(AccepterSpec.Telnet.TELNET);
        assertThat(notes).containsExactly("accepter: telnet option 'winsize': window size notices (RFC 1073) are not"
                                          + " negotiated here; ignored");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "telnet(mode=client),tcp,2000    | telnet option 'mode=client': a telnet client on an accepter is not supported (mode=server is)",
        "telnet(mode=peer),tcp,2000      | telnet option 'mode=peer': mode is client or server",
        "telnet(writebuf=x),tcp,2000     | telnet option 'writebuf=x': writebuf needs a size in bytes",
        "telnet(drain_timeout),tcp,2000  | telnet option 'drain_timeout': drain_timeout needs milliseconds",
        "telnet(rfc2217=maybe),tcp,2000  | telnet option 'rfc2217=maybe': expected true or false",
        "telnet(binary),tcp,2000         | telnet option 'binary' is not supported yet (known: rfc2217, mode, winsize, readbuf, writebuf, drain_timeout)",
    })
    void telnetOptionErrors(String accepter, String message) {
        assertThatThrownBy(() -> AccepterParser.accepter(accepter, note -> { }))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("accepter"))
                .hasMessage(message);
    }

    @Test
    void layersAboveTcpAreKeptInOrderWithTheirOptions() {
        AccepterParser.Syntax spec = AccepterParser.parse("telnet(rfc2217),mux,certauth(),ssl(key=/k,cert=/c),tcp,4001");
        assertThat(spec.layers()).isEqualTo(List.of("telnet(rfc2217)", "mux", "certauth()", "ssl(key=/k,cert=/c)"));
        assertThat(spec.port()).isEqualTo(4001);
        assertThat(spec.host()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "telnet,sctp,::1,1234     | only tcp accepters are supported, not 'sctp'",
        "udp,2000                 | only tcp accepters are supported, not 'udp'",
        "telnet,2000              | no tcp in 'telnet,2000' (expected tcp,[ADDR,]PORT)",
        "tcp                      | no port in 'tcp'",
        "tcp(tcpd=on),2000        | tcp option 'tcpd=on': TCP wrappers are not supported (remaddr limits who may connect)",
        "tcp(laddr=x),2000        | tcp option 'laddr=x' is not supported yet (known: readbuf, nodelay, reuseaddr, tcpd=off)",
        "tcp(readbuf=0),2000      | tcp option 'readbuf=0': readbuf needs a size in bytes",
        "tcp(nodelay=2),2000      | tcp option 'nodelay=2': expected true or false",
        "tcp,ipv4,::1,2000        | '::1' is an IPv6 address, but the accepter says ipv4",
        "tcp,ipv6,127.0.0.1,2000  | '127.0.0.1' is an IPv4 address, but the accepter says ipv6 (ipv6n4 takes IPv4 clients too)",
        "tcp,ipv4,ipv6,2000       | address family 'ipv6' given twice or after the address",
        "tcp,ipv4                 | no port in 'tcp,ipv4'",
        "tcp,ipv4,a,1,ipv6,b,2    | several addresses in 'tcp,ipv4,a,1,ipv6,b,2' are not supported yet",
        "tcp,a,1,b,2              | several addresses in 'tcp,a,1,b,2' are not supported yet",
        "tcp,70000                | port 70000 is out of range (1-65535)",
        "tcp,0                    | port 0 is out of range (1-65535)",
        "tcp,telnet               | invalid port 'telnet'",
        "tcp,bad host,2000        | invalid address 'bad host'",
        "tcp,999.1.1.1,7000       | '999.1.1.1' is not an IPv4 address ('999' is not a number 0-255)",
        "tcp,10.0.0,7000          | '10.0.0' is not an IPv4 address (it needs four numbers 0-255, e.g. 192.168.1.10)",
        "tcp,my_host,7000         | 'my_host' is not a valid host name or address (host names are letters, digits and '-' between dots, e.g. garage.lan)",
        "tcp,-garage.lan,7000     | '-garage.lan' is not a valid host name or address (host names are letters, digits and '-' between dots, e.g. garage.lan)",
        "tcp,[fe80::zz],7000      | '[fe80::zz]' is not an IPv6 address",
        "tcp,[127.0.0.1],2000     | '[127.0.0.1]' is not an IPv6 address",
        "tcp,,2000                | empty part in 'tcp,,2000'",
        "telnet(rfc2217,tcp,2000  | missing ')' in 'telnet(rfc2217,tcp,2000'",
        "telnet),tcp,2000         | unbalanced ')' in 'telnet),tcp,2000'",
    })
    void errors(String accepter, String message) {
        assertThatThrownBy(() -> AccepterParser.parse(accepter))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("accepter"))
                .hasMessage(message);
    }
}
