package dev.cr.engine.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text written exactly as Python's {@code json.dump} writes it (crit's output), and read
 * back. Values are {@code Map<String,Object>} (insertion ordered), {@code List<Object>},
 * {@code String}, {@code Long}/{@code BigInteger}, {@code Boolean} and {@code null}.
 * Python's defaults: ASCII only (everything outside space..~ escaped), {@code ", "} and
 * {@code ": "} separators on one line; with an indent, {@code ","} at line ends.
 */
final class JsonText {
    private JsonText() {}

    /** Writes {@code value} at nesting {@code depth}; {@code indent} 0 means one line. */
    static void write(Appendable out, Object value, int indent, int depth) {
        try {
            writeValue(out, value, indent, depth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(Appendable out, Object value, int indent, int depth) throws IOException {
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(out, s);
            case Boolean b -> out.append(b ? "true" : "false");
            case Number n -> out.append(n.toString());
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    separate(out, first, indent, depth + 1);
                    first = false;
                    writeString(out, (String) e.getKey());
                    out.append(": ");
                    writeValue(out, e.getValue(), indent, depth + 1);
                }
                close(out, indent, depth);
                out.append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    separate(out, first, indent, depth + 1);
                    first = false;
                    writeValue(out, item, indent, depth + 1);
                }
                close(out, indent, depth);
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    /** Before an item: nothing or ", " on one line; a newline and indentation with an indent. */
    static void separate(Appendable out, boolean first, int indent, int depth) throws IOException {
        if (indent == 0) {
            if (!first) out.append(", ");
            return;
        }
        if (!first) out.append(',');
        newline(out, indent, depth);
    }

    static void close(Appendable out, int indent, int depth) throws IOException {
        if (indent != 0) newline(out, indent, depth);
    }

    private static void newline(Appendable out, int indent, int depth) throws IOException {
        out.append('\n');
        for (int i = 0; i < indent * depth; i++) out.append(' ');
    }

    static void writeString(Appendable out, String s) throws IOException {
        if (plain(s)) {
            out.append('"').append(s).append('"');
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') out.append(c);
                    else {
                        String h = Integer.toHexString(c);
                        out.append("\\u");
                        for (int p = h.length(); p < 4; p++) out.append('0');
                        out.append(h);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether {@code s} needs no escape at all (the usual case: names, base64). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~' || c == '"' || c == '\\') return false;
        }
        return true;
    }

    /** Parses one JSON document; errors name {@code file} and the character offset. */
    static Object parse(CharSequence text, String file) {
        Parser p = new Parser(text, file);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.at < text.length()) throw p.error("the end of the JSON document", "more text");
        return v;
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 512;
        private final CharSequence s;
        private final String file;
        private int at;

        Parser(CharSequence s, String file) {
            this.s = s;
            this.file = file;
        }

        ImageException error(String expected, String found) {
            return new ImageException("encode of " + file, file, at, expected + " (offset counts JSON characters)", found,
                    "correct the JSON text there (is it complete?)", null);
        }

        void skipSpace() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\n' || s.charAt(at) == '\r' || s.charAt(at) == '\t')) at++;
        }

        private String describe() {
            return at >= s.length() ? "the end of the text" : "'" + s.charAt(at) + "'";
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw error("JSON nested at most " + MAX_DEPTH + " deep", "deeper nesting");
            if (at >= s.length()) throw error("a JSON value", "the end of the text");
            char c = s.charAt(at);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("a JSON value", describe());
                }
            };
        }

        private Object literal(String word, Object v) {
            if (at + word.length() > s.length() || !s.subSequence(at, at + word.length()).toString().equals(word))
                throw error("'" + word + "'", describe());
            at += word.length();
            return v;
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (at < s.length() && s.charAt(at) == '}') {
                at++;
                return map;
            }
            while (true) {
                skipSpace();
                if (at >= s.length() || s.charAt(at) != '"') throw error("a quoted key", describe());
                String key = string();
                skipSpace();
                if (at >= s.length() || s.charAt(at) != ':') throw error("':' after a key", describe());
                at++;
                skipSpace();
                map.put(key, value(depth + 1));
                skipSpace();
                if (at < s.length() && s.charAt(at) == ',') { at++; continue; }
                if (at < s.length() && s.charAt(at) == '}') { at++; return map; }
                throw error("',' or '}' in an object", describe());
            }
        }

        private List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            at++;
            skipSpace();
            if (at < s.length() && s.charAt(at) == ']') {
                at++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value(depth + 1));
                skipSpace();
                if (at < s.length() && s.charAt(at) == ',') { at++; continue; }
                if (at < s.length() && s.charAt(at) == ']') { at++; return list; }
                throw error("',' or ']' in an array", describe());
            }
        }

        private String string() {
            at++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (at >= s.length()) throw error("the closing '\"' of a string", "the end of the text");
                char c = s.charAt(at++);
                if (c == '"') return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (at >= s.length()) throw error("an escape after '\\'", "the end of the text");
                char e = s.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (at + 4 > s.length()) throw error("four hex digits after \\u", "the end of the text");
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(at + i), 16);
                            if (d < 0) throw error("four hex digits after \\u", "'" + s.charAt(at + i) + "'");
                            v = v << 4 | d;
                        }
                        at += 4;
                        b.append((char) v);
                    }
                    default -> {
                        at--;
                        throw error("a JSON escape", describe());
                    }
                }
            }
        }

        private Number number() {
            int start = at;
            if (s.charAt(at) == '-') at++;
            while (at < s.length() && "0123456789.eE+-".indexOf(s.charAt(at)) >= 0) at++;
            String t = s.subSequence(start, at).toString();
            try {
                if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
                    BigInteger v = new BigInteger(t);
                    return v.bitLength() < 64 ? (Number) v.longValue() : v;
                }
                return new BigDecimal(t);
            } catch (NumberFormatException e) {
                at = start;
                throw error("a JSON number", "'" + t + "'");
            }
        }
    }
}
