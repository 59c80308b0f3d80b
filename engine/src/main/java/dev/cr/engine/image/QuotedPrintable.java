package dev.cr.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Quoted-printable text as crit writes unix socket names (Python's {@code quopri} in text mode,
 * lines of at most 76 characters): printable ASCII stays, {@code =}, bytes above 126 and control
 * bytes become {@code =XX}, a space or tab that ends the data or a line is quoted too.
 */
final class QuotedPrintable {
    private static final int MAX_LINE = 76;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QuotedPrintable() {}

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder(data.length + 16);
        boolean crlf = usesCrlf(data);
        int lineLength = 0;
        int n = data.length;
        for (int i = 0; i < n; ) {
            int c = data[i] & 0xff;
            boolean last = i + 1 == n;
            int next = last ? -1 : data[i + 1] & 0xff;
            boolean quote = c > 126 || c == '='
                    || (c == '.' && lineLength == 0 && (last || next == '\n' || next == '\r' || next == 0))
                    || ((c == '\t' || c == ' ') && last)
                    || (c < 33 && c != '\r' && c != '\n' && c != '\t' && c != ' ');
            if (quote) {
                if (lineLength + 3 >= MAX_LINE) {
                    out.append('=').append(crlf ? "\r\n" : "\n");
                    lineLength = 0;
                }
                appendHex(out, c);
                lineLength += 3;
                i++;
            } else if (c == '\n' || (c == '\r' && next == '\n')) {
                lineLength = 0;
                int end = out.length() - 1;
                if (end >= 0 && (out.charAt(end) == ' ' || out.charAt(end) == '\t')) {
                    char ws = out.charAt(end);
                    out.setLength(end);
                    appendHex(out, ws);
                }
                out.append(crlf ? "\r\n" : "\n");
                i += c == '\r' ? 2 : 1;
            } else {
                if (!last && next != '\n' && lineLength + 1 >= MAX_LINE) {
                    out.append('=').append(crlf ? "\r\n" : "\n");
                    lineLength = 0;
                }
                lineLength++;
                out.append((char) c);
                i++;
            }
        }
        return out.toString();
    }

    static byte[] decode(String text) {
        byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int n = in.length;
        for (int i = 0; i < n; i++) {
            byte c = in[i];
            if (c != '=') {
                out.write(c);
                continue;
            }
            if (i + 1 >= n) break;                       // '=' at the very end: soft break
            if (in[i + 1] == '\n') { i++; continue; }    // soft line break
            if (in[i + 1] == '\r' && i + 2 < n && in[i + 2] == '\n') { i += 2; continue; }
            int hi = i + 2 < n ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < n ? Character.digit(in[i + 2], 16) : -1;
            if (hi >= 0 && lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write('=');
            }
        }
        return out.toByteArray();
    }

    private static boolean usesCrlf(byte[] data) {
        for (int i = 0; i < data.length; i++)
            if (data[i] == '\n') return i > 0 && data[i - 1] == '\r';
        return false;
    }

    private static void appendHex(StringBuilder out, int c) {
        out.append('=').append(HEX[c >> 4]).append(HEX[c & 15]);
    }
}
