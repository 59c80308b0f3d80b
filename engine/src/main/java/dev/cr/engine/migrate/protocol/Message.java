package dev.cr.engine.migrate.protocol;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The messages of cr's migration protocol, one record per frame type (see {@link FrameType}); the conversation
 * they make up is described in this package's documentation. Each message has one encoder, its
 * {@code writePayload}, and all share one decoder, {@link #decode}.
 */
public sealed interface Message {
    int VERSION = 4; // 2: Hello names a container; Resume, Part*, Tree* frames. 3: pages through CRIU's page server (PageServer*, PageStream), Restore carries restore options. 4: post-copy (PostCopy*, LazyPageStream, PagesArrived, Failure WORKLOAD_LOST)

    /** The frame this message travels as: its one entry in the registry. */
    FrameType type();

    /**
     * The payload's length when it is known without encoding it, or -1. The bulk frames (Data, Part) know it, so
     * {@link Wire} writes them straight from the caller's buffer instead of encoding them into a copy first.
     */
    default int payloadLength() {
        return -1;
    }

    void writePayload(DataOutputStream out) throws IOException;

    /**
     * @param workload  what moves, in words, for the target's log
     * @param container the LXC container's name when a container moves (its directory tree follows as Tree*
     *                  messages), or "" for a process tree
     */
    record Hello(int version, String token, String workload, String container) implements Message {
        public FrameType type() { return FrameType.HELLO; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeShort(version);
            out.writeUTF(token == null ? "" : token);
            out.writeUTF(workload);
            out.writeUTF(container == null ? "" : container);
        }
    }

    record Accepted(String migrationId) implements Message {
        public FrameType type() { return FrameType.ACCEPTED; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(migrationId); }
    }

    /** The peer failed; {@code kind} is machine-readable (see {@link Failure.Kind}), {@code reason} for people. */
    record Failure(Kind kind, String reason) implements Message {
        public enum Kind { NOT_TRUSTED, DISK_FULL, RECEIVE_FAILED, RESTORE_FAILED, PROTOCOL, ABORTED, NAME_TAKEN, WORKLOAD_LOST }
        public FrameType type() { return FrameType.FAILURE; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(kind.name());
            out.writeUTF(clip(reason));
        }
    }

    /** A file of the current iteration follows: {@code path} relative to the iteration's directory. */
    record File(String path, long size, int mode) implements Message {
        public FrameType type() { return FrameType.FILE; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeLong(size);
            out.writeInt(mode);
        }
    }

    /** A piece of the current file; {@code zstd} when {@code bytes} is compressed ({@code rawLength} bytes inflated). */
    record Data(boolean zstd, int rawLength, byte[] bytes, int length) implements Message {
        public FrameType type() { return FrameType.DATA; }
        public int payloadLength() { return 5 + length; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeBoolean(zstd);
            out.writeInt(rawLength);
            out.write(bytes, 0, length);
        }
    }

    /**
     * The current file is complete; its CRC-32C as the source computed it. A checksum, not a digest: TLS's AEAD
     * already makes tampering on the way impossible; this catches our own mistakes end to end (a lost chunk, a
     * bad write), and CRC-32C costs almost nothing (a CPU instruction) where SHA-256 cost seconds per GiB here.
     */
    record FileEnd(int crc32c) implements Message {
        public FrameType type() { return FrameType.FILE_END; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeInt(crc32c); }
    }

    /** A symbolic link in the current iteration (CRIU's {@code parent} link to the previous iteration). */
    record Link(String path, String target) implements Message {
        public FrameType type() { return FrameType.LINK; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeUTF(target);
        }
    }

    /** Iteration {@code n} is complete; {@code last} marks the final dump (the one to restore). */
    record IterationDone(int n, boolean last) implements Message {
        public FrameType type() { return FrameType.ITERATION_DONE; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeInt(n);
            out.writeBoolean(last);
        }
    }

    /**
     * A piece of a file that CRIU is still writing, appended to what arrived of it so far (the first Part of a
     * name creates the file). Sent while the final dump runs, so that the transfer overlaps the dump.
     */
    record Part(String path, boolean zstd, int rawLength, byte[] bytes, int length) implements Message {
        public FrameType type() { return FrameType.PART; }
        public int payloadLength() { return 2 + utfLength(path) + 5 + length; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeBoolean(zstd);
            out.writeInt(rawLength);
            out.write(bytes, 0, length);
        }
    }

    /** The file sent in Parts is complete: its whole size and CRC-32C, from a fresh read of the finished file. */
    record PartsDone(String path, long size, int crc32c) implements Message {
        public FrameType type() { return FrameType.PARTS_DONE; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeLong(size);
            out.writeInt(crc32c);
        }
    }

    /** What arrived in Parts of this file is stale (the file changed after it was read): delete it; it comes again. */
    record PartsDropped(String path) implements Message {
        public FrameType type() { return FrameType.PARTS_DROPPED; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(path); }
    }

    /**
     * Restore the last iteration. {@code options} are the restore-side CRIU options the source's dump needs on the
     * target too, by CRIU's long names without dashes ({@code tcp-established}, {@code shell-job},
     * {@code manage-cgroups=soft}, ...); the target accepts only the ones it knows (see {@code RestoreFlags}).
     */
    record Restore(java.util.List<String> options) implements Message {
        public Restore {
            options = java.util.List.copyOf(options);
        }
        public Restore() {
            this(java.util.List.of());
        }
        public FrameType type() { return FrameType.RESTORE; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeShort(options.size());
            for (String o : options) out.writeUTF(o);
        }
    }

    /**
     * Start a CRIU page server for iteration {@code n}: its pages go there while CRIU dumps them, over a second
     * connection (PageStream). For n &gt; 1 the target links the iteration's {@code parent} to n - 1 first.
     */
    record PageServer(int n) implements Message {
        public FrameType type() { return FrameType.PAGE_SERVER; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeInt(n); }
    }

    /**
     * The page server of iteration {@code n} waits for its stream; {@code secret} (random, one use) binds the
     * stream's connection to this migration and iteration, on top of the client certificate it must present.
     */
    record PageServerReady(int n, String secret) implements Message {
        public FrameType type() { return FrameType.PAGE_SERVER_READY; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeInt(n);
            out.writeUTF(secret);
        }
    }

    /**
     * The first and only frame of a page stream connection: after it, the connection carries CRIU's page-server
     * protocol unframed, both ways, between the source's dump and the target's page server.
     */
    record PageStream(String migrationId, int n, String secret) implements Message {
        public FrameType type() { return FrameType.PAGE_STREAM; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(migrationId);
            out.writeInt(n);
            out.writeUTF(secret);
        }
    }

    /**
     * The final dump will be lazy (post-copy): the target is to restore it with lazy pages and fetch the pages
     * afterwards over LazyPageStream connections. Sent before the final dump, so that a target that cannot do it
     * refuses while nothing is frozen yet.
     */
    record PostCopy() implements Message {
        public FrameType type() { return FrameType.POST_COPY; }
        public void writePayload(DataOutputStream out) {}
    }

    /**
     * The target can restore lazily; {@code secret} (random) binds every LazyPageStream connection of this migration
     * to it, on top of the client certificate that started the migration.
     */
    record PostCopyReady(String secret) implements Message {
        public FrameType type() { return FrameType.POST_COPY_READY; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(secret); }
    }

    /**
     * The first and only frame of a post-copy page stream connection (there may be several, one after another, when
     * the network breaks): after it, the connection carries the page stream relay's own frames
     * ({@code migrate.postcopy.PageStreamRelay}) between the source's lazy page server and the target's lazy-pages
     * daemon.
     */
    record LazyPageStream(String migrationId, String secret) implements Message {
        public FrameType type() { return FrameType.LAZY_PAGE_STREAM; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(migrationId);
            out.writeUTF(secret);
        }
    }

    /**
     * Post-copy is over on the target: its lazy-pages daemon has every page and ended well ({@code bytes} of CRIU's
     * page-server protocol came through the stream, {@code reconnects} connections after the first).
     */
    record PagesArrived(long bytes, int reconnects) implements Message {
        public FrameType type() { return FrameType.PAGES_ARRIVED; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeLong(bytes);
            out.writeInt(reconnects);
        }
    }

    record Restored(long pid, long restoreMillis) implements Message {
        public FrameType type() { return FrameType.RESTORED; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeLong(pid);
            out.writeLong(restoreMillis);
        }
    }

    record Commit() implements Message {
        public FrameType type() { return FrameType.COMMIT; }
        public void writePayload(DataOutputStream out) {}
    }

    record Running(long pid) implements Message {
        public FrameType type() { return FrameType.RUNNING; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeLong(pid); }
    }

    /**
     * One entry of a container's directory tree, relative to the container's directory. A regular file's content
     * follows as Data frames and a FileEnd (as for image files); the other kinds carry everything in this frame.
     *
     * @param kind  'f' file, 'd' directory, 'l' symbolic link, 'h' hard link to an earlier entry of the same pass,
     *              'c'/'b' character/block device, 'p' FIFO
     * @param mode  permission bits with set-id and sticky bits (st_mode &amp; 07777)
     * @param link  the target of a symbolic or hard link, otherwise ""
     * @param rdev  the device number of a device file, otherwise 0
     */
    record TreeEntry(String path, char kind, int mode, int uid, int gid, long mtimeNanos, String link, long rdev)
            implements Message {
        public FrameType type() { return FrameType.TREE_ENTRY; }

        /** The entry kind of an st_mode: f d l c b p s, or '?' for anything else. */
        public static char kindOf(int mode) {
            return switch (mode & 0170000) {
                case 0100000 -> 'f';
                case 0040000 -> 'd';
                case 0120000 -> 'l';
                case 0020000 -> 'c';
                case 0060000 -> 'b';
                case 0010000 -> 'p';
                case 0140000 -> 's';
                default -> '?';
            };
        }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeChar(kind);
            out.writeInt(mode);
            out.writeInt(uid);
            out.writeInt(gid);
            out.writeLong(mtimeNanos);
            out.writeUTF(link);
            out.writeLong(rdev);
        }
    }

    /** An entry sent in an earlier pass no longer exists on the source. */
    record TreeRemove(String path) implements Message {
        public FrameType type() { return FrameType.TREE_REMOVE; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(path); }
    }

    /**
     * Pass {@code pass} of the tree is complete. {@code sourceDirectory} is the container's directory on the source,
     * which its configuration names in absolute paths (lxc.rootfs.path, ...) that the target rewrites.
     */
    record TreeDone(int pass, String sourceDirectory) implements Message {
        public FrameType type() { return FrameType.TREE_DONE; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeInt(pass);
            out.writeUTF(sourceDirectory);
        }
    }

    /** On a new connection: the verdict for migration {@code migrationId}, whose first connection broke. */
    record Resume(String migrationId, boolean commit) implements Message {
        public FrameType type() { return FrameType.RESUME; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(migrationId);
            out.writeBoolean(commit);
        }
    }

    /** Reads the bulk bytes of a Data or Part frame into a buffer the caller reuses. */
    interface Bulk {
        byte[] read(int length) throws IOException;
    }

    /**
     * The one decoder: reads the payload of a frame of {@code type} and {@code length} bytes from {@code in}. Data
     * and Part hand their bulk bytes over in {@code bulk}'s buffer (valid until the next frame); every other frame
     * is read whole first and must be used up exactly, so a frame cannot smuggle bytes past its fields.
     */
    static Message decode(FrameType type, int length, DataInputStream in, Bulk bulk) throws IOException {
        switch (type) {
            case DATA -> {
                if (length < 5) throw new IOException("data frame of " + length + " bytes");
                boolean z = in.readBoolean();
                int raw = in.readInt();
                return new Data(z, raw, bulk.read(length - 5), length - 5);
            }
            case PART -> {
                if (length < 7) throw new IOException("part frame of " + length + " bytes");
                in.mark(2);
                int nameLength = in.readUnsignedShort();
                in.reset();
                int rest = length - 2 - nameLength - 5;
                if (rest < 0) throw new IOException("malformed part frame");
                String path = in.readUTF();
                boolean z = in.readBoolean();
                int raw = in.readInt();
                return new Part(path, z, raw, bulk.read(rest), rest);
            }
            default -> {
                DataInputStream p = new DataInputStream(new ByteArrayInputStream(bulk.read(length), 0, length));
                Message m = decodeFields(type, p);
                if (p.available() != 0) throw new IOException(type + " frame with " + p.available() + " bytes past its fields");
                return m;
            }
        }
    }

    private static Message decodeFields(FrameType type, DataInputStream in) throws IOException {
        return switch (type) {
            case HELLO -> new Hello(in.readUnsignedShort(), in.readUTF(), in.readUTF(), in.readUTF());
            case ACCEPTED -> new Accepted(in.readUTF());
            case FAILURE -> {
                String kind = in.readUTF();
                Failure.Kind k;
                try {
                    k = Failure.Kind.valueOf(kind);
                } catch (IllegalArgumentException e) {
                    k = Failure.Kind.PROTOCOL;
                }
                yield new Failure(k, in.readUTF());
            }
            case FILE -> new File(in.readUTF(), in.readLong(), in.readInt());
            case FILE_END -> new FileEnd(in.readInt());
            case LINK -> new Link(in.readUTF(), in.readUTF());
            case ITERATION_DONE -> new IterationDone(in.readInt(), in.readBoolean());
            case RESTORE -> {
                int n = in.readUnsignedShort();
                if (n > 64) throw new IOException("restore with " + n + " options");
                java.util.List<String> options = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) options.add(in.readUTF());
                yield new Restore(options);
            }
            case PAGE_SERVER -> new PageServer(in.readInt());
            case PAGE_SERVER_READY -> new PageServerReady(in.readInt(), in.readUTF());
            case PAGE_STREAM -> new PageStream(in.readUTF(), in.readInt(), in.readUTF());
            case POST_COPY -> new PostCopy();
            case POST_COPY_READY -> new PostCopyReady(in.readUTF());
            case LAZY_PAGE_STREAM -> new LazyPageStream(in.readUTF(), in.readUTF());
            case PAGES_ARRIVED -> new PagesArrived(in.readLong(), in.readInt());
            case RESTORED -> new Restored(in.readLong(), in.readLong());
            case COMMIT -> new Commit();
            case RUNNING -> new Running(in.readLong());
            case RESUME -> new Resume(in.readUTF(), in.readBoolean());
            case PARTS_DONE -> new PartsDone(in.readUTF(), in.readLong(), in.readInt());
            case PARTS_DROPPED -> new PartsDropped(in.readUTF());
            case TREE_ENTRY -> new TreeEntry(in.readUTF(), in.readChar(), in.readInt(), in.readInt(), in.readInt(),
                    in.readLong(), in.readUTF(), in.readLong());
            case TREE_REMOVE -> new TreeRemove(in.readUTF());
            case TREE_DONE -> new TreeDone(in.readInt(), in.readUTF());
            case DATA, PART -> throw new IllegalStateException("bulk frames are decoded by decode()");
        };
    }

    /** The length of {@code s} as {@link DataOutputStream#writeUTF} writes it (modified UTF-8, without the length). */
    static int utfLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 1 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
        }
        return n;
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() > 8000 ? s.substring(0, 8000) + "…" : s;
    }
}
