package land.keen.ser2net.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineSpecParserTest {

    private static LineSettings parse(String connector) {
        return LineSpecParser.parse(connector, new Defaults(), note -> { }).line();
    }

    private static String device(String connector) {
        return LineSpecParser.parse(connector, new Defaults(), note -> { }).device();
    }

    @ParameterizedTest
    @CsvSource({
        "115200n81, 115200, NONE, 8, ONE",
        "9600E71,   9600,   EVEN, 7, ONE",
        "19200o82,  19200,  ODD,  8, TWO",
        "38400N81,  38400,  NONE, 8, ONE",
        "1200m52,   1200,   MARK, 5, TWO",
        "300s61,    300,    SPACE, 6, ONE",
        // only the parts written override the defaults (9600N81)
        "57600,     57600,  NONE, 8, ONE",
        "4800e,     4800,   EVEN, 8, ONE",
        "speed=2400o7, 2400, ODD, 7, ONE",
        "250000n81, 250000, NONE, 8, ONE",
    })
    void lineSpecs(String spec, int baud, Parity parity, int bits, StopBits stop) {
        LineSettings line = parse("serialdev,/dev/ttyUSB0," + spec);
        assertThat(device("serialdev,/dev/ttyUSB0," + spec)).isEqualTo("/dev/ttyUSB0");
        assertThat(line.baudRate()).isEqualTo(baud);
        assertThat(line.parity()).isEqualTo(parity);
        assertThat(line.dataBits()).isEqualTo(bits);
        assertThat(line.stopBits()).isEqualTo(stop);
    }

    /** gensio's serialdev options (ser2net users write nouucplock=true where uucp locking gets in the way). */
    @Test
    void serialdevOptionsAreReadAndChangeNothingOnTheLine() {
        List<String> notes = new java.util.ArrayList<>();
        LineSpecParser.Connector c = LineSpecParser.parse("serialdev(nouucplock=true, readbuf=128,custspeed,"
                + "drain_time=off,char_drain_wait=50),/dev/ttyUSB0,115200n81,local", new Defaults(), notes::add);
        assertThat(c.device()).isEqualTo("/dev/ttyUSB0");
        assertThat(c.line()).isEqualTo(parse("serialdev,/dev/ttyUSB0,115200n81,local"));
        assertThat(notes).isEmpty();

        // asking for uucp locks, which are never taken here, is said once and changes nothing else
        LineSpecParser.Connector locked = LineSpecParser.parse("sdev(nouucplock=false),/dev/ttyUSB0,9600",
                new Defaults(), notes::add);
        assertThat(locked.device()).isEqualTo("/dev/ttyUSB0");
        assertThat(notes).singleElement().asString().contains("nouucplock=false").contains("no uucp lock files");
    }

    @Test
    void withoutLineSpecGensioDefaultsTo9600N81() {
        LineSettings line = parse("serialdev,/dev/ttyS0");
        assertThat(device("serialdev,/dev/ttyS0")).isEqualTo("/dev/ttyS0");
        assertThat(line).isEqualTo(new LineSettings(9600, 8, Parity.NONE, StopBits.ONE,
                FlowControl.NONE, List.of(), false, false, false));
    }

    @Test
    void optionsInAnyOrderWithCommasOrSpaces() {
        String connector = "serialdev, /dev/ttyACM0 ,local  rts=on,dtr=off 115200n81,nobreak hangup-when-done";
        LineSettings line = parse(connector);
        assertThat(device(connector)).isEqualTo("/dev/ttyACM0");
        assertThat(line.baudRate()).isEqualTo(115200);
        assertThat(line.local()).isTrue();
        assertThat(line.nobreak()).isTrue();
        assertThat(line.hangupWhenDone()).isTrue();
        // written order: rts first, then dtr
        assertThat(line.controlLines()).containsExactly(new ControlLine(ControlLine.Line.RTS, true),
                new ControlLine(ControlLine.Line.DTR, false));
    }

    @Test
    void booleanForms() {
        LineSettings line = parse("sdev,/dev/ttyS0,local=false,nobreak=yes,hangup-when-done=0,xonxoff=on,dtr,rts=1,dtr=no");
        assertThat(line.local()).isFalse();
        assertThat(line.nobreak()).isTrue();
        assertThat(line.hangupWhenDone()).isFalse();
        assertThat(line.flowControl()).isEqualTo(FlowControl.XONXOFF);
        // a second dtr changes the value but keeps dtr's place
        assertThat(line.controlLines()).containsExactly(new ControlLine(ControlLine.Line.DTR, false),
                new ControlLine(ControlLine.Line.RTS, true));
    }

    @Test
    void deprecatedGensioWordsStillWork() {
        LineSettings line = parse("serialdev,/dev/ttyS0,19200,EVEN,7DATABITS,2STOPBITS,RTSCTS");
        assertThat(line.baudRate()).isEqualTo(19200);
        assertThat(line.parity()).isEqualTo(Parity.EVEN);
        assertThat(line.dataBits()).isEqualTo(7);
        assertThat(line.stopBits()).isEqualTo(StopBits.TWO);
        assertThat(line.flowControl()).isEqualTo(FlowControl.RTSCTS);
        assertThat(parse("serialdev,/dev/ttyS0,local,-LOCAL,rtscts,-RTSCTS,HANGUP_WHEN_DONE").local()).isFalse();
        assertThat(parse("serialdev,/dev/ttyS0,rtscts,-RTSCTS").flowControl()).isEqualTo(FlowControl.NONE);
    }

    @Test
    void defaultsApplyAndTheConnectorOverridesThem() {
        Defaults defaults = new Defaults();
        defaults.set("speed", "115200e71", null);
        defaults.set("local", "true", "serialdev");
        defaults.set("rtscts", "true", null);
        LineSettings line = LineSpecParser.parse("serialdev,/dev/ttyS0,38400,-RTSCTS", defaults, note -> { }).line();
        assertThat(line.baudRate()).isEqualTo(38400);
        assertThat(line.parity()).isEqualTo(Parity.EVEN); // from the default: "38400" sets the speed only
        assertThat(line.dataBits()).isEqualTo(7);
        assertThat(line.local()).isTrue();
        assertThat(line.flowControl()).isEqualTo(FlowControl.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serialdev,/dev/ttyS0,115200n81,foo       | unsupported line option 'foo'",
        "serialdev,/dev/ttyS0,nolocal             | unsupported line option 'nolocal'",
        // gensio has no 1.5 stop bits
        "serialdev,/dev/ttyS0,115200n81.5         | extra text '.5' in serial spec '115200n81.5'",
        "serialdev,/dev/ttyS0,115200n1.5          | unknown number of data bits in '115200n1.5' (use 5 to 8)",
        "serialdev,/dev/ttyS0,9600x81             | unknown parity in '9600x81' (use n, e, o, m or s)",
        "serialdev,/dev/ttyS0,9600n91             | unknown number of data bits in '9600n91' (use 5 to 8)",
        "serialdev,/dev/ttyS0,9600n83             | unknown number of stop bits in '9600n83' (use 1 or 2)",
        "serialdev,/dev/ttyS0,speed=5             | invalid speed '5'",
        "serialdev,/dev/ttyS0,99999999999n81      | invalid speed '99999999999n81'",
        "serialdev,/dev/ttyS0,dtr=maybe           | invalid value in line option 'dtr=maybe'",
        "serialdev,/dev/ttyS0,rtscts,xonxoff      | rtscts and xonxoff together are not supported",
        "serialdev,/dev/ttyS0,wronly              | unsupported line option 'wronly'",
        "serialdev,/dev/ttyS0,rs485=1:2           | unsupported line option 'rs485=1:2'",
        "serialdev,/dev/ttyS0,even                | unsupported line option 'even'",
        "serialdev(uucplock=false),/dev/ttyS0     | serialdev option 'uucplock=false' is not supported yet (known: nouucplock, readbuf, custspeed, drain_time, char_drain_wait)",
        "'serialdev(readbuf=0),/dev/ttyS0'        | serialdev option 'readbuf=0': readbuf needs a size in bytes",
        "'serialdev(nouucplock=maybe),/dev/ttyS0' | serialdev option 'nouucplock=maybe': expected true or false",
        "'serialdev(drain_time=soon),/dev/ttyS0'  | serialdev option 'drain_time=soon': drain_time needs a number or off",
        "'serialdev(readbuf=64,/dev/ttyS0'        | unbalanced parentheses in 'serialdev(readbuf=64,/dev/ttyS0'",
        "tcp,localhost,2000                       | only serialdev connectors are supported, not 'tcp'",
        "telnet(rfc2217),tcp,host,2000            | only serialdev connectors are supported, not 'telnet'",
        "serialdev                                | no device given (expected serialdev,DEVICE,...)",
        "'serialdev, ,9600'                       | invalid device ''",
    })
    void errors(String connector, String message) {
        assertThatThrownBy(() -> parse(connector))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("connector"))
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rs485=off", "-NOBREAK", "1STOPBIT", "8DATABITS", "NONE", "-XONXOFF"})
    void harmlessWordsAreAccepted(String option) {
        assertThat(parse("serialdev,/dev/ttyS0,9600n81," + option).baudRate()).isEqualTo(9600);
    }
}
