package land.keen.ser2net.bridge;

import java.net.SocketAddress;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * ser2net's string formatting for banners, openstr/closestr and trace file names (ser2net.yaml(5), "FILENAME, BANNER, AND STRING
 * FORMATTING"): C escapes ({@code \r \n \t \\ \nnn \xXX} …) and ser2net's own: {@code \d} connector ({@code
 * serialdev,DEVICE,PARAMS}; in a file name only the device's last path element), {@code \o} device, {@code \N} port
 * name, {@code \p} local port number, {@code \B} serial parameters ({@code 9600N81}), {@code \s} serial parameters in
 * a banner and seconds in a file name, {@code \I} remote address, and the time: {@code \Y \y \M \m \A \D \e \U \H \h
 * \i \S \q \P}. An unknown escape is kept as written.
 */
final class StringFormat {

    private StringFormat() {
    }

    /** A banner, openstr or closestr; {@code remote} is the client it is for (null: none). */
    static String text(String text, ServedConnection spec, SocketAddress remote) {
        return expand(text, spec, remote, false);
    }

    static String fileName(String text, ServedConnection spec) {
        return expand(text, spec, null, true);
    }

    /** {@code 9600N81}, as ser2net writes serial parameters. */
    static String serialParams(ServedConnection spec) {
        return spec.line().shortForm();
    }

    private static String expand(String text, ServedConnection spec, SocketAddress remote, boolean fileName) {
        StringBuilder out = new StringBuilder();
        ZonedDateTime now = ZonedDateTime.now();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            String device = fileName ? spec.device().substring(spec.device().lastIndexOf('/') + 1) : spec.device();
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\', '?', '\'', '"' -> out.append(e);
                case 'x' -> i = hex(text, i, out);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> i = octal(text, i, out);
                case 'd' -> out.append(fileName ? device : "serialdev," + device + "," + serialParams(spec));
                case 'o' -> out.append(device);
                case 'N' -> out.append(spec.name());
                case 'p' -> out.append(spec.port());
                case 'B' -> out.append(serialParams(spec));
                case 's' -> out.append(fileName ? two(now.getSecond()) : serialParams(spec));
                case 'I' -> out.append(remote == null ? "" : Wording.address(remote));
                case 'Y' -> out.append(now.getYear());
                case 'y' -> out.append(now.getDayOfYear() - 1);
                case 'M' -> out.append(now.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'm' -> out.append(two(now.getMonthValue()));
                case 'A' -> out.append(now.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'D' -> out.append(two(now.getDayOfMonth()));
                case 'e' -> out.append(now.toEpochSecond());
                case 'U' -> out.append(String.format("%06d", now.getNano() / 1000));
                case 'H' -> out.append(two(now.getHour()));
                case 'h' -> out.append(two(now.getHour() % 12 == 0 ? 12 : now.getHour() % 12));
                case 'i' -> out.append(two(now.getMinute()));
                case 'S' -> out.append(two(now.getSecond()));
                case 'q' -> out.append(now.getHour() < 12 ? "am" : "pm");
                case 'P' -> out.append(now.getHour() < 12 ? "AM" : "PM");
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    private static int hex(String text, int at, StringBuilder out) {
        int end = at + 1;
        while (end < text.length() && end < at + 3 && Character.digit(text.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == at + 1) {
            out.append("\\x");
            return at;
        }
        out.append((char) Integer.parseInt(text.substring(at + 1, end), 16));
        return end - 1;
    }

    private static int octal(String text, int at, StringBuilder out) {
        int end = at;
        while (end < text.length() && end < at + 3 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
            end++;
        }
        out.append((char) Integer.parseInt(text.substring(at, end), 8));
        return end - 1;
    }
}
