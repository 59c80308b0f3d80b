package dev.cr.engine.migrate;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The messages of cr's migration protocol. Each travels as one frame: a type byte, a 4-byte length and the
 * payload (see {@link Wire}). The conversation, source (S) and target (T):
 * <pre>
 *   S: Hello(version, token, container) T: Accepted(id) | Failure
 *   S: a container's directory, pass 1 while it runs: (TreeEntry (Data* FileEnd)?)* TreeDone(1)
 *   S: per iteration: Link? File (Data* FileEnd)* IterationDone(n, last)
 *      and, for the final dump, while CRIU still writes its page files: Part* (pieces appended to a file), each
 *      such file later closed by PartsDone(size, crc) or dropped by PartsDropped (then it comes again as File)
 *   S: a container, pass 2 while frozen: (TreeRemove | TreeEntry (Data* FileEnd)?)* TreeDone(2)
 *   S: Restore                        T: Restored(pid) | Failure   (the restored tree waits, not running)
 *      (the source lets CRIU kill its frozen copy)
 *   S: Commit                         T: Running(pid) | Failure    (the restored tree runs)
 *   either side: Failure at any point; the target then kills what it restored and removes what it received.
 * If the connection breaks after Restored, the source connects again and sends, as its first message,
 *   S: Resume(id, commit)             T: Running(pid) | Failure
 * The target holds the restored tree (not running) for {@link MigrationTarget#COMMIT_WAIT} waiting for it.
 * </pre>
 */
sealed interface Message {
    int VERSION = 1;

    byte type();

    void writePayload(DataOutputStream out) throws IOException;

    /**
     * @param workload  what moves, in words, for the target's log
     * @param container the LXC container's name when a container moves (its directory tree follows as Tree*
     *                  messages), or "" for a process tree
     */
    record Hello(int version, String token, String workload, String container) implements Message {
        Hello(int version, String token, String workload) {
            this(version, token, workload, "");
        }
        public byte type() { return 1; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeShort(version);
            out.writeUTF(token == null ? "" : token);
            out.writeUTF(workload);
            out.writeUTF(container == null ? "" : container);
        }
    }

    record Accepted(String migrationId) implements Message {
        public byte type() { return 2; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(migrationId); }
    }

    /** The peer failed; {@code kind} is machine-readable (see {@link Failure.Kind}), {@code reason} for people. */
    record Failure(Kind kind, String reason) implements Message {
        enum Kind { NOT_TRUSTED, DISK_FULL, RECEIVE_FAILED, RESTORE_FAILED, PROTOCOL, ABORTED, NAME_TAKEN }
        public byte type() { return 3; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(kind.name());
            out.writeUTF(clip(reason));
        }
    }

    /** A file of the current iteration follows: {@code path} relative to the iteration's directory. */
    record File(String path, long size, int mode) implements Message {
        public byte type() { return 4; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeLong(size);
            out.writeInt(mode);
        }
    }

    /** A piece of the current file; {@code zstd} when {@code bytes} is compressed ({@code rawLength} bytes inflated). */
    record Data(boolean zstd, int rawLength, byte[] bytes, int length) implements Message {
        public byte type() { return 5; }
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
        public byte type() { return 6; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeInt(crc32c); }
    }

    /** A symbolic link in the current iteration (CRIU's {@code parent} link to the previous iteration). */
    record Link(String path, String target) implements Message {
        public byte type() { return 7; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeUTF(target);
        }
    }

    /** Iteration {@code n} is complete; {@code last} marks the final dump (the one to restore). */
    record IterationDone(int n, boolean last) implements Message {
        public byte type() { return 8; }
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
        public byte type() { return 16; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeBoolean(zstd);
            out.writeInt(rawLength);
            out.write(bytes, 0, length);
        }
    }

    /** The file sent in Parts is complete: its whole size and CRC-32C, from a fresh read of the finished file. */
    record PartsDone(String path, long size, int crc32c) implements Message {
        public byte type() { return 17; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(path);
            out.writeLong(size);
            out.writeInt(crc32c);
        }
    }

    /** What arrived in Parts of this file is stale (the file changed after it was read): delete it; it comes again. */
    record PartsDropped(String path) implements Message {
        public byte type() { return 18; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(path); }
    }

    record Restore() implements Message {
        public byte type() { return 9; }
        public void writePayload(DataOutputStream out) {}
    }

    record Restored(long pid, long restoreMillis) implements Message {
        public byte type() { return 10; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeLong(pid);
            out.writeLong(restoreMillis);
        }
    }

    record Commit() implements Message {
        public byte type() { return 11; }
        public void writePayload(DataOutputStream out) {}
    }

    record Running(long pid) implements Message {
        public byte type() { return 12; }
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
        public byte type() { return 40; }
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
        public byte type() { return 41; }
        public void writePayload(DataOutputStream out) throws IOException { out.writeUTF(path); }
    }

    /**
     * Pass {@code pass} of the tree is complete. {@code sourceDirectory} is the container's directory on the source,
     * which its configuration names in absolute paths (lxc.rootfs.path, ...) that the target rewrites.
     */
    record TreeDone(int pass, String sourceDirectory) implements Message {
        public byte type() { return 42; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeInt(pass);
            out.writeUTF(sourceDirectory);
        }
    }

    /** On a new connection: the verdict for migration {@code migrationId}, whose first connection broke. */
    record Resume(String migrationId, boolean commit) implements Message {
        public byte type() { return 13; }
        public void writePayload(DataOutputStream out) throws IOException {
            out.writeUTF(migrationId);
            out.writeBoolean(commit);
        }
    }

    static Message decode(byte type, byte[] payload, int length) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload, 0, length));
        Message m = switch (type) {
            case 1 -> new Hello(in.readUnsignedShort(), in.readUTF(), in.readUTF(), in.readUTF());
            case 2 -> new Accepted(in.readUTF());
            case 3 -> {
                String kind = in.readUTF();
                Failure.Kind k;
                try {
                    k = Failure.Kind.valueOf(kind);
                } catch (IllegalArgumentException e) {
                    k = Failure.Kind.PROTOCOL;
                }
                yield new Failure(k, in.readUTF());
            }
            case 4 -> new File(in.readUTF(), in.readLong(), in.readInt());
            case 5 -> {
                boolean z = in.readBoolean();
                int raw = in.readInt();
                byte[] rest = in.readAllBytes();
                yield new Data(z, raw, rest, rest.length);
            }
            case 6 -> new FileEnd(in.readInt());
            case 7 -> new Link(in.readUTF(), in.readUTF());
            case 8 -> new IterationDone(in.readInt(), in.readBoolean());
            case 9 -> new Restore();
            case 10 -> new Restored(in.readLong(), in.readLong());
            case 11 -> new Commit();
            case 12 -> new Running(in.readLong());
            case 16 -> {
                String path = in.readUTF();
                boolean z = in.readBoolean();
                int raw = in.readInt();
                byte[] rest = in.readAllBytes();
                yield new Part(path, z, raw, rest, rest.length);
            }
            case 17 -> new PartsDone(in.readUTF(), in.readLong(), in.readInt());
            case 18 -> new PartsDropped(in.readUTF());
            case 40 -> new TreeEntry(in.readUTF(), in.readChar(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                    in.readUTF(), in.readLong());
            case 41 -> new TreeRemove(in.readUTF());
            case 42 -> new TreeDone(in.readInt(), in.readUTF());
            case 13 -> new Resume(in.readUTF(), in.readBoolean());
            default -> throw new IOException("unknown message type " + type);
        };
        return m;
    }

    static byte[] encode(Message m) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        m.writePayload(new DataOutputStream(buf));
        return buf.toByteArray();
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() > 8000 ? s.substring(0, 8000) + "…" : s;
    }
}
