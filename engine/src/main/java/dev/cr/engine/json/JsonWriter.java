package dev.cr.engine.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON values in one of three layouts. The layouts differ only in white space and in whether text outside
 * ASCII is escaped; what is a value and how a string is escaped is decided here once.
 *
 * @param indent              spaces per nesting level; 0 writes everything on one line
 * @param comma               what separates items on one line ({@code ", "} or {@code ","})
 * @param colon               what separates a key from its value ({@code ": "} or {@code ":"})
 * @param asciiOnly           whether characters outside space..~ are written as {@code \\uXXXX} (Python's default)
 * @param scalarListsInline   whether a list of only strings and numbers stays on one line even when indenting
 */
public record JsonWriter(int indent, String comma, String colon, boolean asciiOnly, boolean scalarListsInline) {
    /** One line, no spaces, UTF-8 as it is: the bytes a registry hashes (manifests, image configurations). */
    public static final JsonWriter COMPACT = new JsonWriter(0, ",", ":", false, false);

    /** For people and {@code jq}: two spaces per level, short lists of names and numbers on one line. */
    public static final JsonWriter INDENTED = new JsonWriter(2, ", ", ": ", false, true);

    /**
     * Exactly what Python's {@code json.dump} writes (and so {@code crit}): ASCII only; with {@code indent} 0
     * {@code ", "} and {@code ": "} on one line, else a newline and {@code indent} spaces per level.
     *
     * @param indent spaces per nesting level; 0 for one line
     * @return the layout
     */
    public static JsonWriter python(int indent) {
        return new JsonWriter(indent, ", ", ": ", true, false);
    }

    /**
     * {@code value} as JSON text.
     *
     * @param value a map, a collection, a string, a number, a boolean or null; anything else is written as the
     *              string of its {@code toString()} (a path, an enum constant)
     * @return the text, without a final newline
     */
    public String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    /**
     * {@code value} as a document for a terminal or a file: the text and a final newline.
     *
     * @param value the value, as for {@link #write(Object)}
     * @return the text and a newline
     */
    public String document(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    /**
     * Appends {@code value} as if it stood at nesting {@code depth} of a larger document.
     *
     * @param out   where the text goes
     * @param value the value, as for {@link #write(Object)}
     * @param depth the nesting level it stands at, 0 for the top; indents its members one level deeper
     * @throws UncheckedIOException when {@code out} fails
     */
    public void write(Appendable out, Object value, int depth) {
        try {
            value(out, value, depth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void value(Appendable out, Object v, int depth) throws IOException {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(out, s);
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
                    separate(out, first, depth + 1);
                    first = false;
                    string(out, String.valueOf(e.getKey()));
                    out.append(colon);
                    value(out, e.getValue(), depth + 1);
                }
                close(out, depth);
                out.append('}');
            }
            case Collection<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                boolean inline = indent == 0
                        || scalarListsInline && list.stream().allMatch(x -> x instanceof String || x instanceof Number);
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    if (inline) {
                        if (!first) out.append(comma);
                    } else {
                        separate(out, first, depth + 1);
                    }
                    first = false;
                    value(out, item, depth + 1);
                }
                if (!inline) close(out, depth);
                out.append(']');
            }
            // Paths, enums and the like: their text, as a person would type it.
            default -> string(out, v.toString());
        }
    }

    /**
     * Before an item at {@code depth}: on one line nothing before the first and {@link #comma} before the others;
     * when indenting, {@code ","} before the others and then a new line indented for {@code depth}. For a caller that
     * writes a container's items itself, as the image codec streams an image's entries.
     *
     * @param out   where the text goes
     * @param first whether the item is the container's first
     * @param depth the nesting level of the item
     * @throws IOException when {@code out} fails
     */
    public void separate(Appendable out, boolean first, int depth) throws IOException {
        if (indent == 0) {
            if (!first) out.append(comma);
            return;
        }
        if (!first) out.append(',');
        newline(out, depth);
    }

    /**
     * Before the bracket that closes a container at {@code depth}: a new line when indenting.
     *
     * @param out   where the text goes
     * @param depth the nesting level of the container
     * @throws IOException when {@code out} fails
     */
    public void close(Appendable out, int depth) throws IOException {
        if (indent != 0) newline(out, depth);
    }

    private void newline(Appendable out, int depth) throws IOException {
        out.append('\n');
        for (int i = 0; i < indent * depth; i++) out.append(' ');
    }

    /**
     * Appends {@code s} quoted and escaped (outside ASCII too, when {@link #asciiOnly}).
     *
     * @param out where the text goes
     * @param s   the string
     * @throws IOException when {@code out} fails
     */
    public void string(Appendable out, String s) throws IOException {
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
                    if (c < ' ' || asciiOnly && c > '~') {
                        String h = Integer.toHexString(c);
                        out.append("\\u");
                        for (int p = h.length(); p < 4; p++) out.append('0');
                        out.append(h);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether {@code s} needs no escape at all (the usual case: names, base64). */
    private boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == '"' || c == '\\' || asciiOnly && c > '~') return false;
        }
        return true;
    }
}
