package dev.cr.engine.migrate;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Sends the files of one checkpoint iteration over a {@link Wire}: each file as a File frame, Data frames of at
 * most {@link #CHUNK} bytes (zstd-compressed when asked and when it helps), and a FileEnd carrying the CRC-32C the
 * target checks. The {@code parent} link of an incremental dump is sent as a Link to the previous iteration.
 */
final class ImageSender {
    static final int CHUNK = 1 << 20;
    private final Wire wire;
    private final boolean compress;
    private final LongConsumer progress;
    private final Replies replies;
    private final byte[] buf = new byte[CHUNK];
    private final byte[] packed;

    ImageSender(Wire wire, boolean compress, LongConsumer progress, Replies replies) {
        this.wire = wire;
        this.replies = replies;
        this.compress = compress;
        this.progress = progress;
        this.packed = compress ? new byte[(int) Zstd.compressBound(CHUNK)] : null;
    }

    /** Sends every regular file of {@code dir} (not recursing: CRIU writes a flat directory), then IterationDone. */
    long sendIteration(Path dir, int n, boolean last) throws IOException {
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
                bytes += sendFile(f, name, a.size());
            }
            // CRIU writes only regular files and the parent link; anything else is not part of the checkpoint.
        }
        wire.sendNow(new Message.IterationDone(n, last));
        return bytes;
    }

    private long sendFile(Path f, String name, long size) throws IOException {
        wire.send(new Message.File(name, size, 0600));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long sent = 0;
        try (InputStream in = Files.newInputStream(f)) {
            while (sent < size) {
                replies.check();
                int n = in.readNBytes(buf, 0, (int) Math.min(CHUNK, size - sent));
                if (n <= 0) throw new IOException(f + " shrank while it was sent");
                crc.update(buf, 0, n);
                if (compress) {
                    long z = Zstd.compressByteArray(packed, 0, packed.length, buf, 0, n, 1);
                    if (!Zstd.isError(z) && z < n) {
                        wire.send(new Message.Data(true, n, packed, (int) z));
                    } else {
                        wire.send(new Message.Data(false, n, buf, n));
                    }
                } else {
                    wire.send(new Message.Data(false, n, buf, n));
                }
                sent += n;
                progress.accept(n);
            }
        }
        wire.send(new Message.FileEnd((int) crc.getValue()));
        return size;
    }
}
