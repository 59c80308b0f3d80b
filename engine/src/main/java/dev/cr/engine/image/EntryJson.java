package dev.cr.engine.image;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.cr.proto.RenderProto;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One protobuf message as crit's JSON object and back: proto field names in field-number order,
 * enums by name, bytes as MIME base64 (76-character lines, each ending in a newline), unix
 * socket names quoted-printable; with {@code pretty}, the renderings CRIU's field marks ask for
 * (hex, flags, device numbers, words, IP addresses). Unknown fields are not shown, as in crit.
 */
final class EntryJson {
    private static final Map<FieldDescriptor, RenderProto.field_render> MARKS = new ConcurrentHashMap<>();

    private EntryJson() {}

    private static final Map<Descriptor, List<FieldDescriptor>> BY_NUMBER = new ConcurrentHashMap<>();

    /** The message's fields in field-number order, the order crit (Python's ListFields) shows them in. */
    static List<FieldDescriptor> byNumber(Descriptor d) {
        return BY_NUMBER.computeIfAbsent(d, k -> k.getFields().stream()
                .sorted(Comparator.comparingInt(FieldDescriptor::getNumber)).toList());
    }

    static RenderProto.field_render marks(FieldDescriptor f) {
        return MARKS.computeIfAbsent(f, d -> d.getOptions().getExtension(RenderProto.render));
    }

    // ---- message to JSON tree ----

    static Map<String, Object> toTree(Message m, boolean pretty, boolean hex) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor f : byNumber(m.getDescriptorForType())) {
            if (f.isRepeated() ? m.getRepeatedFieldCount(f) == 0 : !m.hasField(f)) continue;
            Object value = m.getField(f);
            if (f.isRepeated()) {
                out.put(f.getName(), repeated(f, (List<?>) value, pretty, hex));
            } else {
                out.put(f.getName(), scalar(f, value, pretty, hex));
            }
        }
        return out;
    }

    /** A repeated field's values as crit shows them: one address text for CRIU's IP fields when pretty. */
    static List<Object> repeated(FieldDescriptor f, List<?> values, boolean pretty, boolean hex) {
        List<Object> items = new ArrayList<>(values.size());
        if (pretty && marks(f).getIpadd() && (values.size() == 1 || values.size() >= 4) && f.getJavaType() == FieldDescriptor.JavaType.INT) {
            int[] words = new int[Math.min(values.size(), 4)];
            for (int i = 0; i < words.length; i++) words[i] = (Integer) values.get(i);
            items.add(CritRendering.address(words));
        } else {
            for (Object v : values) items.add(scalar(f, v, pretty, hex));
        }
        return items;
    }

    /** One value as crit shows it; a message field's value may come already rendered (a map). */
    static Object scalar(FieldDescriptor f, Object v, boolean pretty, boolean hex) {
        boolean isHex = hex || marks(f).getHex();
        return switch (f.getJavaType()) {
            case MESSAGE -> v instanceof Map<?, ?> ? v : toTree((Message) v, pretty, isHex);
            case BYTE_STRING -> "unix_name".equals(marks(f).getConv())
                    ? QuotedPrintable.encode(((ByteString) v).toByteArray())
                    : base64Lines(((ByteString) v).toByteArray());
            case ENUM -> ((EnumValueDescriptor) v).getName();
            case BOOLEAN -> v;
            case STRING -> v;
            case INT, LONG -> pretty ? prettyInt(f, number(f, v), isHex) : number(f, v);
            default -> throw new IllegalStateException("crit has no rendering for " + f.getType() + " field " + f.getFullName());
        };
    }

    private static Object prettyInt(FieldDescriptor f, Number n, boolean hex) {
        BigInteger v = n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
        RenderProto.field_render r = marks(f);
        if (hex) return (v.signum() < 0 ? "-0x" + v.negate().toString(16) : "0x" + v.toString(16));
        if (r.getDev()) return CritRendering.dev(v.longValue(), r.getOdev());
        if (r.hasFlags()) {
            Map<String, Long> table = CritRendering.FLAGS.get(r.getFlags());
            return table == null ? "0x" + v.toString(16) : CritRendering.flags(v.longValue(), table);
        }
        if (r.hasDict()) {
            Map<String, Map<Long, String>> dict = CritRendering.DICTS.getOrDefault(r.getDict(), Map.of());
            String word = dict.getOrDefault(f.getName(), Map.of()).get(v.longValue());
            return word != null ? word : n;
        }
        return n;
    }

    /** The field's value as Python sees it: signed or unsigned by the proto type. */
    private static Number number(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) v);
            case UINT64, FIXED64 -> {
                long l = (Long) v;
                yield l >= 0 ? (Number) l : new BigInteger(Long.toUnsignedString(l));
            }
            case INT32, SINT32, SFIXED32 -> (long) (Integer) v;
            default -> (Long) v;
        };
    }

    /** Python's base64.encodebytes: lines of 76 characters, each ending in "\n"; "" for no bytes. */
    static String base64Lines(byte[] data) {
        String flat = Base64.getEncoder().encodeToString(data);
        StringBuilder b = new StringBuilder(flat.length() + flat.length() / 76 + 1);
        for (int i = 0; i < flat.length(); i += 76) b.append(flat, i, Math.min(flat.length(), i + 76)).append('\n');
        return b.toString();
    }

    static byte[] unbase64(String text) {
        return Base64.getMimeDecoder().decode(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- JSON tree to message ----

    /** Thrown while filling a message; the caller adds the file and entry. */
    static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    static Message fromTree(Map<?, ?> tree, Message prototype) {
        Message.Builder b = prototype.newBuilderForType();
        fill(tree, b);
        return b.buildPartial();
    }

    private static void fill(Map<?, ?> tree, Message.Builder b) {
        for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
            if (!tree.containsKey(f.getName())) continue;
            Object value = tree.get(f.getName());
            String where = f.getContainingType().getName() + "." + f.getName();
            if (f.isRepeated()) {
                if (!(value instanceof List<?> list)) throw new BadValue(where + " must be a list");
                for (Object item : list) {
                    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                        if (!(item instanceof Map<?, ?> m)) throw new BadValue(where + " items must be objects");
                        Message.Builder sub = b.newBuilderForField(f);
                        fill(m, sub);
                        b.addRepeatedField(f, sub.buildPartial());
                    } else if (item instanceof String s && marks(f).getIpadd()) {
                        int[] words;
                        try {
                            words = CritRendering.unaddress(s);
                        } catch (NumberFormatException e) {
                            throw new BadValue(where + ": " + e.getMessage());
                        }
                        for (int w : words) b.addRepeatedField(f, w);
                    } else {
                        b.addRepeatedField(f, cast(f, item, where));
                    }
                }
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (!(value instanceof Map<?, ?> m)) throw new BadValue(where + " must be an object");
                Message.Builder sub = b.newBuilderForField(f);
                fill(m, sub);
                b.setField(f, sub.buildPartial());
            } else {
                b.setField(f, cast(f, value, where));
            }
        }
    }

    private static Object cast(FieldDescriptor f, Object v, String where) {
        switch (f.getJavaType()) {
            case BYTE_STRING -> {
                if (!(v instanceof String s)) throw new BadValue(where + " must be a string");
                try {
                    return ByteString.copyFrom("unix_name".equals(marks(f).getConv()) ? QuotedPrintable.decode(s) : unbase64(s));
                } catch (IllegalArgumentException e) {
                    throw new BadValue(where + " is not base64: " + e.getMessage());
                }
            }
            case ENUM -> {
                EnumValueDescriptor e = v instanceof String s ? f.getEnumType().findValueByName(s) : null;
                if (e == null) throw new BadValue(where + " must be one of " + f.getEnumType().getValues().stream()
                        .map(EnumValueDescriptor::getName).toList() + ", not " + v);
                return e;
            }
            case BOOLEAN -> {
                return switch (v) {
                    case Boolean bool -> bool;
                    case Number n -> n.doubleValue() != 0;
                    case String s -> !s.isEmpty();
                    case null -> false;
                    default -> true;
                };
            }
            case STRING -> {
                return switch (v) {
                    case String s -> s;
                    case Boolean bool -> bool ? "True" : "False";
                    case null -> throw new BadValue(where + " must be a string");
                    default -> v.toString();
                };
            }
            case INT, LONG -> {
                return ranged(f, integer(f, v, where), where);
            }
            default -> throw new BadValue(where + " has type " + f.getType() + ", which crit JSON cannot carry");
        }
    }

    private static BigInteger integer(FieldDescriptor f, Object v, String where) {
        RenderProto.field_render r = marks(f);
        try {
            return switch (v) {
                case Long l -> BigInteger.valueOf(l);
                case BigInteger b -> b;
                // 1e999999999 would take minutes to expand; no field holds more than 20 digits
                case BigDecimal d when d.precision() - d.scale() > 40 -> throw new BadValue(where + " is out of range: " + v);
                case BigDecimal d -> d.toBigInteger();
                case Boolean bool -> bool ? BigInteger.ONE : BigInteger.ZERO;
                case String s when r.getDev() -> BigInteger.valueOf(CritRendering.undev(s, r.getOdev()));
                case String s when r.hasFlags() && CritRendering.FLAGS.containsKey(r.getFlags()) ->
                        BigInteger.valueOf(CritRendering.unflags(s, CritRendering.FLAGS.get(r.getFlags())));
                case String s when r.hasDict() -> {
                    Map<Long, String> words = CritRendering.DICTS.getOrDefault(r.getDict(), Map.of()).getOrDefault(f.getName(), Map.of());
                    for (Map.Entry<Long, String> e : words.entrySet())
                        if (e.getValue().equals(s)) yield BigInteger.valueOf(e.getKey());
                    yield CritRendering.pythonInt(s);
                }
                case String s -> CritRendering.pythonInt(s);
                case null, default -> throw new BadValue(where + " must be an integer, not " + v);
            };
        } catch (NumberFormatException e) {
            throw new BadValue(where + " must be an integer, not \"" + v + "\"");
        }
    }

    /** Checks the proto type's range (as Python's protobuf does) and gives protobuf-java's boxed value. */
    private static Object ranged(FieldDescriptor f, BigInteger v, String where) {
        boolean unsigned = switch (f.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
        int bits = f.getJavaType() == FieldDescriptor.JavaType.INT ? 32 : 64;
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE) : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0)
            throw new BadValue(where + " must be in " + min + ".." + max + ", not " + v);
        return bits == 32 ? (Object) v.intValue() : (Object) v.longValue();
    }
}
