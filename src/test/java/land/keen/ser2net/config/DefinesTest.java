package land.keen.ser2net.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DefinesTest {

    private final Defines defines = new Defines(Map.of("DEVNODE", "/dev/ttyUSB0"));

    @Test
    void expandsVersion1AndVersion2Markers() {
        defines.define("base", "/dev/serial/by-path/pci-0000:00:1d.0");
        assertThat(defines.expand("serialdev,*(base)-port0,9600", '*', "k"))
                .isEqualTo("serialdev,/dev/serial/by-path/pci-0000:00:1d.0-port0,9600");
        assertThat(defines.expand("x =(base) y", '=', "k")).isEqualTo("x /dev/serial/by-path/pci-0000:00:1d.0 y");
        // the other version's marker is plain text
        assertThat(defines.expand("x =(base) y", '*', "k")).isEqualTo("x =(base) y");
    }

    @Test
    void escapesWorkAsInSer2net() {
        assertThat(defines.expand("a *(* b", '*', "k")).isEqualTo("a *( b");
        assertThat(defines.expand("a ** b", '*', "k")).isEqualTo("a * b");
        assertThat(defines.expand("a *x b *", '*', "k")).isEqualTo("a *x b *");
        assertThat(defines.expand("={=", '=', "k")).isEqualTo("={");
    }

    @Test
    void callerSubstitutionsAreDefinesAndWholeWordTokens() {
        assertThat(defines.expand("*(DEVNODE)", '*', "k")).isEqualTo("/dev/ttyUSB0");
        assertThat(defines.substituteTokens("serialdev,DEVNODE,115200n81")).isEqualTo("serialdev,/dev/ttyUSB0,115200n81");
        assertThat(defines.substituteTokens("serialdev,DEVNODE2,MYDEVNODE,DEVNODE_X")).isEqualTo("serialdev,DEVNODE2,MYDEVNODE,DEVNODE_X");
    }

    @Test
    void errorsNameTheDefine() {
        assertThatThrownBy(() -> defines.expand("*(nope)", '*', "connector")).hasMessage("unknown define 'nope'");
        assertThatThrownBy(() -> defines.expand("a *(open", '*', "banner")).hasMessage("missing ')' after '*(open'");
        assertThatThrownBy(() -> defines.expand("-P ={pw}", '=', "connector"))
                .hasMessage("reading a file into a value (={pw}) is not supported");
    }
}
