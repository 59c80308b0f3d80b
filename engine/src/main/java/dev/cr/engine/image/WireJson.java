package dev.cr.engine.image;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * crit's JSON tree of one entry read straight from its protobuf bytes, guided by the descriptor.
 * Same result as {@link EntryJson#toTree} on the parsed message, without protobuf-java's
 * reflective field access, which dominated decoding time. Only called on payloads that the
 * generated parser has already accepted, so the bytes are well formed.
 */
final class WireJson {
    private WireJson() {}

    static Map<String, Object> toTree(Descriptor d, byte[] payload, boolean pretty) {
        try {
            return tree(d, CodedInputStream.newInstance(payload), pretty, false);
        } catch (IOException e) {
            throw new IllegalStateException("payload accepted by the parser no longer parses", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Descriptor d, CodedInputStream in, boolean pretty, boolean hex) throws IOException {
        List<FieldDescriptor> fields = d.getFields();
        Object[] values = new Object[fields.size()]; // per declaration index: the value, or a List when repeated
        for (int tag; (tag = in.readTag()) != 0; ) {
            FieldDescriptor f = d.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (f == null) {
                in.skipField(tag);
                continue;
            }
            int wire = WireFormat.getTagWireType(tag);
            boolean isHex = hex || EntryJson.marks(f).getHex();
            if (f.isRepeated()) {
                List<Object> list = (List<Object>) values[f.getIndex()];
                if (list == null) values[f.getIndex()] = list = new ArrayList<>();
                if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED && f.isPackable()) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) addIfKnown(list, read(f, in, pretty, isHex));
                    in.popLimit(limit);
                } else if (wire == f.getLiteType().getWireType()) {
                    addIfKnown(list, read(f, in, pretty, isHex));
                } else {
                    in.skipField(tag);
                }
            } else if (wire == f.getLiteType().getWireType()) {
                Object v = read(f, in, pretty, isHex);
                if (v != null) values[f.getIndex()] = v; // the last one wins, as when parsing
            } else {
                in.skipField(tag);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor f : EntryJson.byNumber(d)) {
            Object v = values[f.getIndex()];
            if (v == null) continue;
            if (f.isRepeated()) {
                List<?> list = (List<?>) v;
                if (!list.isEmpty()) out.put(f.getName(), EntryJson.repeated(f, list, pretty, hex));
            } else {
                out.put(f.getName(), EntryJson.scalar(f, v, pretty, hex));
            }
        }
        return out;
    }

    private static void addIfKnown(List<Object> list, Object v) {
        if (v != null) list.add(v);
    }

    /** The value as protobuf-java's getField gives it; a message as its tree; null for an enum number not in the enum. */
    private static Object read(FieldDescriptor f, CodedInputStream in, boolean pretty, boolean hex) throws IOException {
        return switch (f.getType()) {
            case INT32 -> in.readInt32();
            case UINT32 -> in.readUInt32();
            case SINT32 -> in.readSInt32();
            case FIXED32 -> in.readFixed32();
            case SFIXED32 -> in.readSFixed32();
            case INT64 -> in.readInt64();
            case UINT64 -> in.readUInt64();
            case SINT64 -> in.readSInt64();
            case FIXED64 -> in.readFixed64();
            case SFIXED64 -> in.readSFixed64();
            case BOOL -> in.readBool();
            case STRING -> in.readString();
            case BYTES -> in.readBytes();
            case ENUM -> {
                EnumValueDescriptor e = f.getEnumType().findValueByNumber(in.readEnum());
                yield e; // null: protobuf-java keeps unknown enum numbers as unknown fields, crit never sees them
            }
            case MESSAGE -> {
                int limit = in.pushLimit(in.readRawVarint32());
                Map<String, Object> sub = tree(f.getMessageType(), in, pretty, hex);
                in.checkLastTagWas(0);
                in.popLimit(limit);
                yield sub;
            }
            default -> throw new IllegalStateException("crit has no rendering for " + f.getType() + " field " + f.getFullName());
        };
    }
}
