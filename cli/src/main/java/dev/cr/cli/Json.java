package dev.cr.cli;

import java.util.Collection;
import java.util.Map;

/** Writes maps, lists, strings, numbers and booleans as JSON text (the --json output of the explorers). */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            case Map<?, ?> m -> {
                if (m.isEmpty()) { sb.append("{}"); return; }
                sb.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    sb.append(first ? "\n" : ",\n");
                    first = false;
                    pad(sb, indent + 1);
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), indent + 1);
                }
                sb.append('\n');
                pad(sb, indent);
                sb.append('}');
            }
            case Collection<?> c -> {
                if (c.isEmpty()) { sb.append("[]"); return; }
                boolean simple = c.stream().allMatch(x -> x instanceof String || x instanceof Number);
                sb.append('[');
                boolean first = true;
                for (Object x : c) {
                    if (simple) sb.append(first ? "" : ", ");
                    else { sb.append(first ? "\n" : ",\n"); pad(sb, indent + 1); }
                    first = false;
                    write(sb, x, indent + 1);
                }
                if (!simple) { sb.append('\n'); pad(sb, indent); }
                sb.append(']');
            }
            default -> string(sb, v.toString());
        }
    }

    private static void pad(StringBuilder sb, int indent) {
        sb.append("  ".repeat(indent));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
