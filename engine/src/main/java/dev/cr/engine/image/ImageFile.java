package dev.cr.engine.image;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A CRIU image file read as a stream of entries. Layout (CRIU images v1.1):
 * <pre>
 *   [COMMON_MAGIC | SERVICE_MAGIC]  image magic   { u32le size, size bytes of protobuf, [extra] }
 * </pre>
 * The inventory has no first magic. Raw files ({@code pages-N.img} and the like, recognised by
 * name) have no magic and no entries.
 *
 * <p>Entries are read one at a time, so memory stays bounded by the largest single entry
 * whatever the file size. A size prefix is checked against the bytes left in the file before
 * anything is allocated for it, so a damaged prefix of 2 GiB costs nothing. Every kind of bad
 * input gives an {@link ImageException} naming the file, the byte offset and what was expected;
 * no other exception escapes for bad bytes. Not thread-safe: one reader per thread.
 */
public final class ImageFile implements Closeable, Iterable<ImageEntry> {
    private static final int BUFFER = 64 * 1024;
    private static final long WHOLE_FILE_LIMIT = 256 * 1024;
    /**
     * The largest ghost file content read into memory. CRIU itself keeps files larger than its ghost limit (1 MiB
     * by default) out of images, so 64 MiB is far above any real ghost and far below a heap.
     */
    static final long MAX_GHOST = 64L << 20;

    private final String name;
    private final InputStream in;
    private final long size;
    private final ImageKind kind;
    private final int firstMagic;
    private long position;
    private int index;
    private boolean ghostChunks;
    private boolean ended;
    private byte[] lastPayload;

    private ImageFile(String name, InputStream in, long size, boolean raw) {
        this.name = name;
        this.in = in;
        this.size = size;
        if (raw) {
            this.kind = ImageKind.RAW;
            this.firstMagic = 0;
            this.ended = true;
            return;
        }
        int first = readMagic("a 4-byte CRIU image magic");
        if (first == ImageKind.COMMON_MAGIC || first == ImageKind.SERVICE_MAGIC) {
            this.firstMagic = first;
            int second = readMagic("the image magic after the " + (first == ImageKind.COMMON_MAGIC ? "common" : "service") + " magic");
            this.kind = ImageKind.byMagic(second).orElseThrow(() -> error(4, "a known CRIU image magic", hex(second)));
        } else {
            this.firstMagic = 0;
            this.kind = ImageKind.byMagic(first).orElseThrow(() -> new ImageException("read of " + name, name, 0,
                    "a CRIU image magic (raw data such as pages-*.img has none)", "unknown magic " + hex(first),
                    "if this is raw data (page contents, a network or tmpfs dump), it has no entries; "
                            + "otherwise the file is not a CRIU image or its start is damaged", null));
        }
    }

    /**
     * Opens an image file. Files named like raw images ({@link ImageKind#isRawName}) open as
     * {@link ImageKind#RAW} without reading.
     *
     * @throws ImageException when the file cannot be read or its header is not a CRIU image
     * @param path the image file
     * @return the image, positioned at its first entry; to be closed
     */
    public static ImageFile open(Path path) {
        String fileName = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        boolean raw = ImageKind.isRawName(fileName);
        InputStream in;
        long size;
        String op = "read of " + path;
        try {
            if (raw) {
                size = RegularImageFile.check(path, op).size();
                in = InputStream.nullInputStream();
            } else {
                FileChannel ch = RegularImageFile.open(path, op);
                try {
                    size = ch.size();
                    // most images are a few KiB: one read beats a buffered stream per file; big ones stream
                    if (size <= WHOLE_FILE_LIMIT) {
                        ByteBuffer all = ByteBuffer.allocate((int) size);
                        while (all.hasRemaining() && ch.read(all) > 0) { /* fill */ }
                        ch.close();
                        in = new ByteArrayInputStream(all.array(), 0, all.position());
                    } else {
                        in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
                    }
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (NoSuchFileException e) {
            throw new ImageException("read of " + path, path.toString(), -1, "an image file", "no such file", e);
        } catch (IOException e) {
            throw new ImageException("read of " + path, path.toString(), -1, "a readable image file", e.toString(), e);
        }
        try {
            return new ImageFile(path.toString(), in, size, raw);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /**
     * Reads an image from a stream (standard input, an archive entry). {@code size} is the
     * stream's length when known, else -1: then a damaged size prefix is caught when the bytes
     * run out, and allocation still grows only with the bytes actually read.
     *
     * @param name names the stream in errors ("stdin")
     * @param in   the stream, positioned at the image's first byte; closed with the image
     * @param size the stream's length in bytes, or -1 when unknown
     * @return the image, its header read
     * @throws ImageException when the header is not a CRIU image
     */
    public static ImageFile open(InputStream in, String name, long size) {
        boolean buffered = in instanceof BufferedInputStream || in instanceof ByteArrayInputStream;
        return new ImageFile(name, buffered ? in : new BufferedInputStream(in, BUFFER), size, false);
    }

    /** The protobuf bytes of the entry {@link #next()} returned last (for the JSON codec). */
    byte[] lastPayload() {
        return lastPayload;
    }

    /** {@return the image kind named by the magic} */
    public ImageKind kind() { return kind; }

    /** {@return the first magic as found ({@link ImageKind#COMMON_MAGIC}, {@link ImageKind#SERVICE_MAGIC}), or 0 when absent} */
    public int firstMagic() { return firstMagic; }

    /** {@return the file name (or stream name) used in errors} */
    public String name() { return name; }

    /** {@return byte offset of the next unread byte} */
    public long position() { return position; }

    /**
     * Reads the next entry.
     *
     * @return the entry, or null at the end of the file (always null for raw images)
     * @throws ImageException on a truncated or damaged entry
     */
    public ImageEntry next() {
        if (ended) return null;
        long offset = position;
        long length = nextLength(offset);
        if (length < 0) return null;
        Message type = kind.entryType(index);
        // The expectation is put in words only when the payload is short: naming the message type asks protobuf
        // for its descriptor, and building the descriptors of every .proto file read was a third of a process
        // tree's start-up.
        byte[] payload = readExactly(length, offset + 4, () -> "a " + type.getDescriptorForType().getName()
                + " payload of " + length + " bytes (size prefix at byte " + offset + ")");
        Message message;
        try {
            message = type.getParserForType().parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw error(offset + 4, "a valid " + type.getDescriptorForType().getName() + " protobuf message of "
                    + length + " bytes", "bytes that do not parse (" + e.getMessage() + ")");
        }
        lastPayload = payload;
        byte[] extra = readExtra(message);
        return new ImageEntry(index++, offset, message, extra);
    }

    /** The size prefix of the entry at {@code offset}, or -1 at the end of the file (which is then marked ended). */
    private long nextLength(long offset) {
        byte[] prefix = readUpTo(4);
        if (prefix.length == 0) {
            ended = true;
            return -1;
        }
        if (prefix.length < 4)
            throw error(offset, "a 4-byte entry size or the end of the file", "only " + prefix.length + " byte(s) left");
        return le32(prefix, 0) & 0xffffffffL;
    }

    /**
     * The next entry's protobuf bytes, not parsed, for readers that want a field or two of a large message (the
     * process tree reads a task's name and state from its core image, not its registers). Only for kinds whose
     * entries carry no extra payload; null at the end of the file.
     */
    byte[] nextPayload() {
        if (ended) return null;
        if (kind.extra() != ImageKind.Extra.NONE) throw new IllegalStateException(kind + " entries carry extra payloads");
        long offset = position;
        long length = nextLength(offset);
        if (length < 0) return null;
        byte[] payload = readExactly(length, offset + 4, "a payload of " + length + " bytes (size prefix at byte " + offset + ")");
        index++;
        return payload;
    }

    @Override
    public Iterator<ImageEntry> iterator() {
        return new Iterator<>() {
            private ImageEntry next = ImageFile.this.next();

            @Override
            public boolean hasNext() { return next != null; }

            @Override
            public ImageEntry next() {
                if (next == null) throw new NoSuchElementException();
                ImageEntry current = next;
                next = ImageFile.this.next();
                return current;
            }
        };
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readExtra(Message m) {
        long at = position;
        return switch (kind.extra()) {
            case NONE -> new byte[0];
            case PIPE_DATA -> readExactly(unsigned(m, "bytes"), at, "the pipe data announced by the entry");
            case SK_QUEUE -> readExactly(unsigned(m, "length"), at, "the queued packet announced by the entry");
            case TCP_QUEUES -> readExactly(unsigned(m, "inq_len") + unsigned(m, "outq_len"), at,
                    "the TCP receive and send queues announced by the entry");
            case BPFMAP_DATA -> readExactly(unsigned(m, "keys_bytes") + unsigned(m, "values_bytes"), at,
                    "the BPF map keys and values announced by the entry");
            case IPC_SEM -> readExactly(roundUp(2 * unsigned(m, "nsems"), 8), at, "the semaphore values announced by the entry");
            // CRIU 4 keeps segment contents in pagemap-shmem/pages images when in_pagemaps is set
            case IPC_SHM -> inPagemaps(m) ? new byte[0]
                    : readExactly(roundUp(unsigned(m, "size"), 4), at, "the shared memory announced by the entry");
            case IPC_MSG -> readMessageQueue(unsigned(m, "qnum"));
            case GHOST -> readGhost(m);
        };
    }

    private byte[] readGhost(Message m) {
        if (index == 0) {
            ghostChunks = m.getField(field(m, "chunks")) instanceof Boolean b && b;
            if (ghostChunks) return new byte[0];
            if (size >= 0 && size - position > MAX_GHOST) throw ghostTooLarge(position, size - position);
            byte[] rest = readRest(MAX_GHOST);
            if (rest.length > MAX_GHOST) throw ghostTooLarge(position - rest.length, rest.length);
            ended = true;
            return rest;
        }
        long len = unsigned(m, "len");
        if (len > MAX_GHOST) throw ghostTooLarge(position, len);
        return readExactly(len, position, "the ghost file chunk announced by the entry");
    }

    private ImageException ghostTooLarge(long at, long length) {
        return new ImageException("read of " + name, name, at, "ghost file content of at most " + MAX_GHOST + " bytes",
                length == MAX_GHOST + 1 ? "more than " + MAX_GHOST + " bytes" : length + " bytes",
                "cr reads ghost files into memory and stops at " + MAX_GHOST + " bytes; CRIU keeps files larger than "
                        + "its ghost limit (1 MiB by default) out of images, so this image is damaged or hostile", null);
    }

    /** System V message queue: qnum size-prefixed ipc_msg entries, each followed by its text padded to 8 bytes. */
    private byte[] readMessageQueue(long qnum) {
        var out = new java.io.ByteArrayOutputStream();
        for (long i = 0; i < qnum; i++) {
            long at = position;
            byte[] prefix = readUpTo(4);
            if (prefix.length == 0) break; // crit stops here too: fewer messages than qnum
            if (prefix.length < 4) throw error(at, "a 4-byte message size", "only " + prefix.length + " byte(s) left");
            long length = le32(prefix, 0) & 0xffffffffL;
            byte[] payload = readExactly(length, at + 4, "an ipc_msg payload of " + length + " bytes");
            Message msg;
            try {
                msg = dev.cr.proto.IpcMsgProto.ipc_msg.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                throw error(at + 4, "a valid ipc_msg protobuf message", "bytes that do not parse (" + e.getMessage() + ")");
            }
            byte[] text = readExactly(roundUp(unsigned(msg, "msize"), 8), position, "the message text announced by ipc_msg");
            out.writeBytes(prefix);
            out.writeBytes(payload);
            out.writeBytes(text);
        }
        return out.toByteArray();
    }

    private ImageException error(long offset, String expected, String found) {
        return new ImageException("read of " + name, name, offset, expected, found, null);
    }

    private int readMagic(String expected) {
        long at = position;
        byte[] b = readUpTo(4);
        if (b.length < 4) throw error(at, expected, b.length == 0 ? "the end of the file" : "only " + b.length + " byte(s)");
        return le32(b, 0);
    }

    /** Reads {@code length} bytes, first checking that the file holds them, so a damaged length allocates nothing. */
    private byte[] readExactly(long length, long at, String expected) {
        return readExactly(length, at, () -> expected);
    }

    private byte[] readExactly(long length, long at, java.util.function.Supplier<String> expected) {
        if (length < 0) throw error(at, expected.get(), "a length past 2^63 bytes");
        if (size >= 0 && length > size - position)
            throw error(at, expected.get(), "only " + (size - position) + " byte(s) left in the file");
        if (length > Integer.MAX_VALUE - 16)
            throw error(at, expected.get(), "a length of " + length + " bytes, more than one entry can hold");
        byte[] b = readUpTo((int) length);
        if (b.length < length) throw error(at, expected.get(), "only " + b.length + " byte(s) before the end of the file");
        return b;
    }

    /** Reads up to n bytes; InputStream.readNBytes grows its buffer with the bytes that actually arrive. */
    private byte[] readUpTo(int n) {
        try {
            byte[] b = in.readNBytes(n);
            position += b.length;
            return b;
        } catch (IOException e) {
            throw new ImageException("read of " + name, name, position, "readable bytes", e.toString(), e);
        }
    }

    /** Reads what is left, but at most {@code limit} + 1 bytes, so that the caller sees when there was more. */
    private byte[] readRest(long limit) {
        try {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1));
            position += b.length;
            return b;
        } catch (IOException e) {
            throw new ImageException("read of " + name, name, position, "readable bytes", e.toString(), e);
        }
    }

    static boolean inPagemaps(Message shm) {
        return shm.getField(field(shm, "in_pagemaps")) instanceof Boolean b && b;
    }

    private static FieldDescriptor field(Message m, String name) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        if (f == null) throw new IllegalStateException(m.getDescriptorForType().getName() + " has no field " + name);
        return f;
    }

    /** An integer field read as unsigned (CRIU's lengths are u32/u64). */
    private static long unsigned(Message m, String name) {
        Object v = m.getField(field(m, name));
        if (v instanceof Integer i) return Integer.toUnsignedLong(i);
        long l = (Long) v;
        return l < 0 ? Long.MAX_VALUE : l; // a u64 past 2^63 cannot fit any file: readExactly rejects it
    }

    static long roundUp(long x, long to) {
        return (x + to - 1) / to * to;
    }

    static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing with a better error
        }
    }
}
