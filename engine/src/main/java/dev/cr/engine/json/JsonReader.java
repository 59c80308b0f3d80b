package dev.cr.engine.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document. Objects become insertion-ordered {@code Map<String,Object>}, arrays {@code List<Object>},
 * whole numbers {@code Long} (or {@code BigInteger} past 64 bits, as crit writes unsigned 64-bit fields), other
 * numbers {@code BigDecimal}. Nesting is limited, so hostile text fails with a {@link Malformed} rather than
 * overflowing the stack.
 */
public final class JsonReader {
    /** Deeper than any document cr reads (crit's images, manifests, auth files), and far from the stack's end. */
    public static final int MAX_DEPTH = 512;

    /** The longest number read, in characters (digits, sign, point and exponent). */
    public static final int MAX_NUMBER_CHARS = 1000;

    private final CharSequence s;
    private int at;

    private JsonReader(CharSequence s) {
        this.s = s;
    }

    /**
     * The value {@code text} holds.
     *
     * @param text one JSON document, white space around it allowed
     * @return the value: a map, a list, a string, a number, a boolean, or null for JSON's {@code null}
     * @throws Malformed when the text is not one JSON document, or nests deeper than {@link #MAX_DEPTH}
     */
    public static Object parse(CharSequence text) {
        JsonReader p = new JsonReader(text);
        p.space();
        Object v = p.value(0);
        p.space();
        if (p.at < text.length()) throw p.error("the end of the JSON document", "more text");
        return v;
    }

    /**
     * The object at the top of {@code text}.
     *
     * @param text one JSON document whose value is an object
     * @return its members, in the document's order
     * @throws Malformed when the text is not JSON, or its value is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(CharSequence text) {
        if (parse(text) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new Malformed(0, "a JSON object", "another kind of value");
    }

    /** Text that is not JSON: where (in characters from the start), what was expected there, and what was found. */
    public static final class Malformed extends IllegalArgumentException {
        /** Where the text went wrong, in characters from its start. */
        private final int offset;
        /** What a JSON document has there, in words. */
        private final String expected;
        /** What the text has there instead, in words. */
        private final String found;

        Malformed(int offset, String expected, String found) {
            super("bad JSON at character " + offset + ": expected " + expected + ", found " + found);
            this.offset = offset;
            this.expected = expected;
            this.found = found;
        }

        /** {@return where the text went wrong, in characters from its start} */
        public int offset() {
            return offset;
        }

        /** {@return what a JSON document has there, in words ("',' or ']' in an array")} */
        public String expected() {
            return expected;
        }

        /** {@return what the text has there instead, in words ("'}'", "the end of the text")} */
        public String found() {
            return found;
        }
    }

    private Malformed error(String expected, String found) {
        return new Malformed(at, expected, found);
    }

    private void space() {
        while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\n' || s.charAt(at) == '\r' || s.charAt(at) == '\t')) at++;
    }

    private String here() {
        return at >= s.length() ? "the end of the text" : "'" + s.charAt(at) + "'";
    }

    private boolean peek(char c) {
        return at < s.length() && s.charAt(at) == c;
    }

    private Object value(int depth) {
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
                throw error("a JSON value", here());
            }
        };
    }

    private Object literal(String word, Object v) {
        if (at + word.length() > s.length() || !s.subSequence(at, at + word.length()).toString().equals(word))
            throw error("'" + word + "'", here());
        at += word.length();
        return v;
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (peek('}')) {
            at++;
            return map;
        }
        while (true) {
            space();
            if (!peek('"')) throw error("a quoted key", here());
            String key = string();
            space();
            if (!peek(':')) throw error("':' after a key", here());
            at++;
            space();
            map.put(key, value(depth + 1));
            space();
            if (peek(',')) { at++; continue; }
            if (peek('}')) { at++; return map; }
            throw error("',' or '}' in an object", here());
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        at++;
        space();
        if (peek(']')) {
            at++;
            return list;
        }
        while (true) {
            space();
            list.add(value(depth + 1));
            space();
            if (peek(',')) { at++; continue; }
            if (peek(']')) { at++; return list; }
            throw error("',' or ']' in an array", here());
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
                    throw error("a JSON escape", here());
                }
            }
        }
    }

    private Number number() {
        int start = at;
        if (s.charAt(at) == '-') at++;
        while (at < s.length() && "0123456789.eE+-".indexOf(s.charAt(at)) >= 0) at++;
        // BigInteger and BigDecimal take time quadratic in the digits: a hostile document's one huge number must not
        // cost minutes. No number cr reads (crit's JSON, OCI manifests, Podman's metadata) comes near the limit.
        if (at - start > MAX_NUMBER_CHARS) {
            at = start;
            throw error("a JSON number of at most " + MAX_NUMBER_CHARS + " characters", "a longer one");
        }
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
