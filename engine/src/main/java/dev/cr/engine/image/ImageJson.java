package dev.cr.engine.image;

import com.google.protobuf.Message;
import dev.cr.engine.json.JsonWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image files as crit's JSON and back, so scripts written for {@code crit decode} and
 * {@code crit encode} keep working:
 * <pre>{"magic": "CORE", "entries": [{...}, ...]}</pre>
 * Entries carry proto field names, enum names, bytes in base64; images with extra payloads add
 * an {@code "extra"} key rendered as crit renders it (base64 text; for TCP streams
 * {@code {"inq", "outq"}}; for semaphores a list of values; for message queues alternating
 * message objects and base64 texts). {@code encode(decode(x))} gives back {@code x} byte for byte
 * for images CRIU writes (fields unknown to cr's definitions are not shown, as in crit, and so
 * not written back).
 *
 * <p>Decoding streams entry by entry: memory stays bounded by the largest entry.
 */
public final class ImageJson {
    private ImageJson() {}

    /**
     * Writes the image at {@code image} as crit JSON. Without {@code pretty} the text is exactly
     * what {@code crit decode} prints (without its final newline); with it, crit's
     * {@code --pretty} form (indent 4, hex, flags and words).
     *
     * @throws ImageException when the image is damaged
     * @param image the image file
     * @param out   receives the JSON text; flushed, not closed
     * @param pretty crit's {@code --pretty} form instead of its compact one
     * @throws java.io.UncheckedIOException when writing to {@code out} fails
     */
    public static void decode(Path image, Writer out, boolean pretty) {
        try (ImageFile file = ImageFile.open(image)) {
            decode(file, out, pretty);
        }
    }

    /**
     * As {@link #decode(Path, Writer, boolean)} from an open image (its next entry must be the first).
     *
     * @param file  the open image; read to its end, not closed
     * @param out   receives the JSON text; flushed, not closed
     * @param pretty crit's {@code --pretty} form instead of its compact one
     * @throws ImageException when the image is damaged or raw (pages), which has no entries
     */
    public static void decode(ImageFile file, Writer out, boolean pretty) {
        decode(file, out, pretty, false);
    }

    /**
     * As {@link #decode(ImageFile, Writer, boolean)}; with {@code noPayload} the extra payloads are
     * left out and shown by size ({@code "extra": "... <4KB>"}), as {@code crit decode --nopl} does.
     * JSON made so cannot be encoded back.
     *
     * @param file  the open image; read to its end, not closed
     * @param out   receives the JSON text; flushed, not closed
     * @param pretty crit's {@code --pretty} form instead of its compact one
     * @param noPayload show extra payloads by size only
     * @throws ImageException when the image is damaged or raw (pages), which has no entries
     */
    public static void decode(ImageFile file, Writer out, boolean pretty, boolean noPayload) {
        if (file.kind() == ImageKind.RAW)
            throw new ImageException("decode of " + file.name(), file.name(), 0, "an image with a CRIU magic",
                    "a raw data file (pages, network or tmpfs dump), which has no entries to decode",
                    "decode the pagemap-*.img or other entry images instead; page contents are read through the memory map", null);
        JsonWriter json = JsonWriter.python(pretty ? 4 : 0);
        try {
            out.write('{');
            json.separate(out, true, 1);
            out.write("\"magic\": ");
            json.string(out, file.kind().name());
            json.separate(out, false, 1);
            out.write("\"entries\": ");
            boolean first = true;
            // each entry is rendered into one buffer and written in one call: writers are slow per char
            StringBuilder text = new StringBuilder(4096);
            for (ImageEntry e; (e = file.next()) != null; ) {
                text.setLength(0);
                if (first) text.append('[');
                json.separate(text, first, 2);
                first = false;
                Map<String, Object> tree = WireJson.toTree(e.message().getDescriptorForType(), file.lastPayload(), pretty);
                Object extra = noPayload ? extraSize(file.kind(), e) : extraTree(file.kind(), e);
                if (extra != null) tree.put("extra", extra);
                json.write(text, tree, 2);
                out.append(text);
            }
            if (first) out.write("[]");
            else {
                json.close(out, 1);
                out.write(']');
            }
            json.close(out, 0);
            out.write('}');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The image as a crit JSON string (for small images and tests).
     *
     * @param image the image file
     * @param pretty crit's {@code --pretty} form instead of its compact one
     * @return the whole JSON text, held in memory
     * @throws ImageException when the image is damaged
     */
    public static String decodeToString(Path image, boolean pretty) {
        var w = new java.io.StringWriter();
        decode(image, w, pretty);
        return w.toString();
    }

    /** The payload's size as crit --nopl shows it, counted as crit counts it; ghost files show none. */
    private static Object extraSize(ImageKind kind, ImageEntry e) {
        Message m = e.message();
        long size = switch (kind.extra()) {
            case NONE, GHOST -> -1;
            case PIPE_DATA, SK_QUEUE, TCP_QUEUES, BPFMAP_DATA -> e.extra().length;
            case IPC_SEM -> 2 * Integer.toUnsignedLong((Integer) field(m, "nsems"));
            case IPC_SHM -> ((Number) field(m, "size")).longValue();
            case IPC_MSG -> {
                long sum = 0;
                byte[] x = e.extra();
                for (int at = 0; at < x.length; ) {
                    int len = ImageFile.le32(x, at);
                    try {
                        int msize = (Integer) field(dev.cr.proto.IpcMsgProto.ipc_msg.parseFrom(
                                java.util.Arrays.copyOfRange(x, at + 4, at + 4 + len)), "msize");
                        sum += len + msize;
                        at += 4 + len + (int) ImageFile.roundUp(msize, 8);
                    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                        throw new IllegalStateException("ipc_msg parsed once already", ex);
                    }
                }
                yield sum;
            }
        };
        return size < 0 ? null : "... <" + humanSize(size) + ">";
    }

    /** 1023B, 4KB, 1.5MB: crit's human_readable. */
    static String humanSize(long bytes) {
        double n = bytes;
        for (String unit : new String[]{"", "K", "M", "G", "T", "P", "E", "Z"}) {
            if (n < 1024.0) return n == Math.floor(n) ? String.format(java.util.Locale.ROOT, "%d%sB", (long) n, unit) : String.format(java.util.Locale.ROOT, "%.1f%sB", n, unit);
            n /= 1024.0;
        }
        return String.format(java.util.Locale.ROOT, "%.1fYB", n);
    }

    private static Object extraTree(ImageKind kind, ImageEntry e) {
        byte[] x = e.extra();
        Message m = e.message();
        return switch (kind.extra()) {
            case NONE -> null;
            case PIPE_DATA, SK_QUEUE, BPFMAP_DATA -> EntryJson.base64Lines(x);
            case GHOST -> e.index() == 0 && field(m, "chunks") instanceof Boolean b && b ? null : EntryJson.base64Lines(x);
            case TCP_QUEUES -> {
                int inq = (int) Math.min(x.length, Integer.toUnsignedLong((Integer) field(m, "inq_len")));
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("inq", EntryJson.base64Lines(java.util.Arrays.copyOfRange(x, 0, inq)));
                q.put("outq", EntryJson.base64Lines(java.util.Arrays.copyOfRange(x, inq, x.length)));
                yield q;
            }
            case IPC_SEM -> {
                long nsems = Integer.toUnsignedLong((Integer) field(m, "nsems"));
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < nsems; i++) values.add((long) ((x[2 * i] & 0xff) | (x[2 * i + 1] & 0xff) << 8));
                yield values;
            }
            case IPC_SHM -> {
                // contents kept in pagemaps leave no bytes here; crit then shows "" as well
                long size = ((Number) field(m, "size")).longValue();
                yield EntryJson.base64Lines(java.util.Arrays.copyOfRange(x, 0, (int) Math.min(size, x.length)));
            }
            case IPC_MSG -> {
                List<Object> items = new ArrayList<>();
                int at = 0;
                while (at < x.length) {
                    int len = ImageFile.le32(x, at);
                    Message msg;
                    try {
                        msg = dev.cr.proto.IpcMsgProto.ipc_msg.parseFrom(java.util.Arrays.copyOfRange(x, at + 4, at + 4 + len));
                    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                        throw new IllegalStateException("ipc_msg parsed once already", ex);
                    }
                    at += 4 + len;
                    int msize = (Integer) field(msg, "msize");
                    items.add(EntryJson.toTree(msg, false, false));
                    items.add(EntryJson.base64Lines(java.util.Arrays.copyOfRange(x, at, at + msize)));
                    at += (int) ImageFile.roundUp(msize, 8);
                }
                yield items;
            }
        };
    }

    private static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }

    /**
     * Writes the image that crit JSON describes.
     *
     * @param json the JSON text (as {@code crit decode} writes it, pretty or not)
     * @param name names the input in errors
     * @throws ImageException when the JSON is not an image description; nothing is written then
     * @param out  receives the image bytes; flushed, not closed
     * @throws java.io.UncheckedIOException when writing to {@code out} fails
     */
    public static void encode(CharSequence json, String name, OutputStream out) {
        byte[] image = encode(json, name);
        try {
            out.write(image);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The image bytes that crit JSON describes.
     *
     * @param json the JSON text (as {@code crit decode} writes it, pretty or not)
     * @param name names the input in errors
     * @return the image file's bytes
     * @throws ImageException when the JSON is not an image description
     */
    public static byte[] encode(CharSequence json, String name) {
        Object root = JsonDocument.parse(json, name);
        if (!(root instanceof Map<?, ?> map) || !(map.get("magic") instanceof String magic))
            throw bad(name, -1, "a JSON object with a \"magic\" string and an \"entries\" list", "no \"magic\" string");
        ImageKind kind = ImageKind.byName(magic).filter(k -> k != ImageKind.RAW)
                .orElseThrow(() -> bad(name, -1, "a CRIU image magic name such as \"CORE\"", "\"" + magic + "\""));
        if (!(map.get("entries") instanceof List<?> entries))
            throw bad(name, -1, "an \"entries\" list", String.valueOf(map.get("entries")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind.header()) {
            case COMMON -> le32(out, ImageKind.COMMON_MAGIC);
            case SERVICE -> le32(out, ImageKind.SERVICE_MAGIC);
            case NONE -> { }
        }
        le32(out, kind.magic());
        boolean ghostChunks = false;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry))
                throw bad(name, -1, "entry " + i + " to be a JSON object", String.valueOf(entries.get(i)));
            try {
                Message m = EntryJson.fromTree(entry, kind.entryType(i));
                byte[] payload = m.toByteArray();
                le32(out, payload.length);
                out.writeBytes(payload);
                Object extra = entry.get("extra");
                if (kind.extra() == ImageKind.Extra.GHOST && i == 0) ghostChunks = field(m, "chunks") instanceof Boolean b && b;
                writeExtra(kind, i, ghostChunks, m, extra, out);
            } catch (ImageException e) {
                throw e;
            } catch (RuntimeException e) {
                // BadValue says what is wrong; a cast or a missing key in a hand-edited extra says it less well
                String what = e instanceof EntryJson.BadValue ? e.getMessage() : e.toString();
                throw bad(name, -1, "entry " + i + " of a " + kind.name() + " image to be valid", what);
            }
        }
        return out.toByteArray();
    }

    private static void writeExtra(ImageKind kind, int index, boolean ghostChunks, Message m, Object extra, ByteArrayOutputStream out) {
        switch (kind.extra()) {
            case NONE -> { }
            case PIPE_DATA, SK_QUEUE, BPFMAP_DATA -> { if (extra instanceof String s) out.writeBytes(EntryJson.unbase64(s)); }
            case GHOST -> {
                if (index == 0 && ghostChunks) return;
                if (extra instanceof String s) out.writeBytes(EntryJson.unbase64(s));
            }
            case TCP_QUEUES -> {
                if (extra instanceof Map<?, ?> q) {
                    out.writeBytes(EntryJson.unbase64((String) q.get("inq")));
                    out.writeBytes(EntryJson.unbase64((String) q.get("outq")));
                }
            }
            case IPC_SEM -> {
                if (!(extra instanceof List<?> values)) return;
                int nsems = (Integer) field(m, "nsems");
                if (values.size() != nsems) throw new EntryJson.BadValue("extra has " + values.size() + " semaphores, nsems says " + nsems);
                for (Object v : values) {
                    int s = ((Number) v).intValue();
                    out.write(s & 0xff);
                    out.write((s >> 8) & 0xff);
                }
                pad(out, 2L * nsems, 8);
            }
            case IPC_SHM -> {
                if (!(extra instanceof String s) || ImageFile.inPagemaps(m)) return;
                long size = ((Number) field(m, "size")).longValue();
                byte[] data = EntryJson.unbase64(s);
                out.write(data, 0, (int) Math.min(size, data.length));
                for (long i = data.length; i < size; i++) out.write(0);
                pad(out, size, 4);
            }
            case IPC_MSG -> {
                if (!(extra instanceof List<?> items)) return;
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    Message msg = EntryJson.fromTree((Map<?, ?>) items.get(i), dev.cr.proto.IpcMsgProto.ipc_msg.getDefaultInstance());
                    byte[] payload = msg.toByteArray();
                    le32(out, payload.length);
                    out.writeBytes(payload);
                    int msize = (Integer) field(msg, "msize");
                    byte[] data = EntryJson.unbase64((String) items.get(i + 1));
                    out.write(data, 0, Math.min(msize, data.length));
                    for (int k = data.length; k < msize; k++) out.write(0);
                    pad(out, msize, 8);
                }
            }
        }
    }

    private static void pad(ByteArrayOutputStream out, long size, int to) {
        for (long i = size; i < ImageFile.roundUp(size, to); i++) out.write(0);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static ImageException bad(String name, long offset, String expected, String found) {
        return new ImageException("encode of " + name, name, offset, expected, found,
                "correct the JSON there; decoding a real image shows the shape expected", null);
    }
}
