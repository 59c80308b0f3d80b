package dev.cr.engine.migrate.source;

import dev.cr.engine.migrate.PhaseLog;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.ffm.io.MappedFiles;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Sends the files of one checkpoint iteration over a {@link Wire}: each file as a File frame, Data frames of at
 * most {@link Wire#CHUNK} bytes (zstd-compressed when asked and when it helps), and a FileEnd carrying the CRC-32C the
 * target checks. The {@code parent} link of an incremental dump is sent as a Link to the previous iteration.
 *
 * <p>Files that a {@link DumpTail} already sent in part while CRIU wrote them are finished instead: their sent part
 * is read again from disk and its CRC-32C compared with what was sent, then only the rest follows, and PartsDone
 * carries the CRC-32C of the whole file as read now. A file whose sent part changed since (CRIU never rewrites its
 * page files, but nothing here relies on that) is dropped on the target and sent again whole.
 */
public final class ImageSender {
    private final Wire wire;
    private final boolean compress;
    private final LongConsumer progress;
    private final Replies replies;
    private final PhaseLog phases;
    private final byte[] buf = new byte[Wire.CHUNK];
    private final byte[] packed;

    /**
     * A sender over one connection.
     *
     * @param wire     the connection to the target
     * @param compress zstd-compress each chunk that gets smaller by it
     * @param progress told the size of each chunk sent (before compression)
     * @param replies  the target's messages, checked between chunks so that a failure it reports stops the sending
     * @param phases   where the sending of each large file is marked
     */
    public ImageSender(Wire wire, boolean compress, LongConsumer progress, Replies replies, PhaseLog phases) {
        this.wire = wire;
        this.phases = phases;
        this.replies = replies;
        this.compress = compress;
        this.progress = progress;
        this.packed = compress ? new byte[(int) Zstd.compressBound(Wire.CHUNK)] : null;
    }

    /** What a {@link DumpTail} sent of one file: its first {@code bytes} bytes, and their CRC-32C. */
    public static final class Sent {
        /** Nothing sent yet. */
        public Sent() {}

        long bytes;
        final CRC32C crc = new CRC32C();

        /** {@return how many bytes of the file have been sent so far} */
        public long bytes() {
            return bytes;
        }
    }

    /**
     * Sends every regular file of {@code dir} (not recursing: CRIU writes a flat directory), then IterationDone.
     *
     * @param dir  the iteration's images directory
     * @param n    the iteration's number, from 1; its {@code parent} link is sent as one to iteration {@code n - 1}
     * @param last whether this is the final dump rather than a pre-dump
     * @return the bytes of the files sent (before compression)
     * @throws IOException when a file cannot be read, the connection fails, or the target reported a failure
     *                     ({@link Replies.TargetFailed}, in the target's words)
     */
    public long sendIteration(Path dir, int n, boolean last) throws IOException {
        return sendIteration(dir, n, last, Map.of());
    }

    /**
     * As {@link #sendIteration(Path, int, boolean)}, finishing the files of which {@code partly} says what was sent.
     *
     * @param dir    the iteration's images directory
     * @param n      the iteration's number, from 1
     * @param last   whether this is the final dump
     * @param partly what a {@link DumpTail} sent of each file, by file name ({@link DumpTail#stop()})
     * @return the bytes of the files (before compression), those sent in part during the dump included
     * @throws IOException as {@link #sendIteration(Path, int, boolean)}
     */
    public long sendIteration(Path dir, int n, boolean last, Map<String, Sent> partly) throws IOException {
        Map<String, Sent> open = new HashMap<>(partly);
        long bytes = 0;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            String name = f.getFileName().toString();
            PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink() && name.equals("parent")) {
                if (n > 1) wire.send(new Message.Link("parent", "../" + (n - 1)));
            } else if (a.isRegularFile()) {
                Sent s = open.remove(name);
                if (s == null || !finishParts(f, name, s)) bytes += sendFile(f, name, a.size());
                else bytes += Files.size(f);
                if (a.size() >= Wire.CHUNK) phases.mark("sent " + name + " (" + a.size() + " bytes" + (s == null ? "" : ", " + s.bytes + " of them during the dump") + ")");
            }
            // CRIU writes only regular files and the parent link; anything else is not part of the checkpoint.
        }
        for (String gone : open.keySet()) wire.send(new Message.PartsDropped(gone)); // sent in part, then removed
        wire.sendNow(new Message.IterationDone(n, last));
        return bytes;
    }

    /**
     * Sends what {@code f} holds beyond what {@code sent} says was sent already, as Parts, and records it there.
     * Used by {@link DumpTail} while CRIU writes the file.
     *
     * @param f     the file
     * @param name  its name in the iteration
     * @param sent  what was sent of it so far; updated
     * @param least send nothing unless at least this many new bytes are there
     * @return the bytes sent now
     * @throws IOException when the file cannot be read, the connection fails, or the target reported a failure
     */
    public long sendParts(Path f, String name, Sent sent, long least) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size - sent.bytes < least) return 0;
            long end = sendRange(ch, name, sent.bytes, size, sent.crc);
            long n = end - sent.bytes;
            sent.bytes = end;
            return n;
        }
    }

    /** Pushes what is buffered to the target. */
    void flush() throws IOException {
        wire.flush();
    }

    /** Finishes a file sent in Parts; false (after dropping it on the target) when what was sent is stale. */
    private boolean finishParts(Path f, String name, Sent s) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            CRC32C crc = new CRC32C();
            if (size < s.bytes || crcOfPrefix(ch, s.bytes, crc) != (int) s.crc.getValue()) {
                wire.send(new Message.PartsDropped(name));
                return false;
            }
            sendRange(ch, name, s.bytes, size, crc);
            wire.send(new Message.PartsDone(name, size, (int) crc.getValue()));
            return true;
        }
    }

    /** The CRC-32C of the first {@code length} bytes of the file as they are now, read through a mapping (no copy). */
    private static int crcOfPrefix(FileChannel ch, long length, CRC32C crc) throws IOException {
        if (length == 0) return (int) crc.getValue();
        try (MappedFiles files = MappedFiles.confined()) {
            files.map(ch, 0, length).update(crc, 0, length);
        }
        return (int) crc.getValue();
    }

    private long sendFile(Path f, String name, long size) throws IOException {
        wire.send(new Message.File(name, size, 0600));
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long end = sendRange(ch, null, 0, size, crc);
            if (end != size) throw new IOException(f + " shrank while it was sent");
        }
        wire.send(new Message.FileEnd((int) crc.getValue()));
        return size;
    }

    /**
     * Sends bytes {@code [from, to)} of the file as Data frames (as Parts of {@code part} when not null), updating
     * {@code crc}; returns the offset reached (short of {@code to} only when the file ended earlier).
     */
    private long sendRange(FileChannel ch, String part, long from, long to, CRC32C crc) throws IOException {
        long at = from;
        while (at < to) {
            replies.check();
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) Math.min(Wire.CHUNK, to - at));
            while (b.hasRemaining()) {
                if (ch.read(b, at + b.position()) < 0) break;
            }
            int n = b.position();
            if (n == 0) break;
            crc.update(buf, 0, n);
            boolean z = false;
            byte[] bytes = buf;
            int length = n;
            if (compress) {
                long packedLength = Zstd.compressByteArray(packed, 0, packed.length, buf, 0, n, 1);
                if (!Zstd.isError(packedLength) && packedLength < n) {
                    z = true;
                    bytes = packed;
                    length = (int) packedLength;
                }
            }
            wire.send(part == null ? new Message.Data(z, n, bytes, length) : new Message.Part(part, z, n, bytes, length));
            at += n;
            progress.accept(n);
        }
        return at;
    }
}
