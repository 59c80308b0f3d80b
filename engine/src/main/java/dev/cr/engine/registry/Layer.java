package dev.cr.engine.registry;

import com.github.luben.zstd.ZstdOutputStream;
import dev.cr.engine.archive.TarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * One layer of a checkpoint image, written to a file before it is sent: a tar stream compressed with zstd.
 * The digest of the compressed bytes names the blob in the registry; the digest of the tar stream is the
 * layer's {@code diff_id} in the image configuration.
 *
 * <p>A layer of an image directory is reproducible: entries in name order, owner 0, modification time 0, and
 * zstd with worker threads (whose output does not depend on how many there are). The same directory therefore
 * makes the same blob on every push, on every machine, and a registry that has it is not sent it again.
 *
 * @param file   the compressed layer
 * @param digest sha256 of {@code file}
 * @param size   bytes of {@code file}
 * @param diffId sha256 of the uncompressed tar stream
 * @param files  regular files in the layer
 * @param bytes  their bytes, uncompressed
 */
record Layer(Path file, String digest, long size, String diffId, long files, long bytes) {
    static final String MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+zstd";
    /**
     * zstd level 1: on 512 MiB of a counter's memory here, level 1 took 0.40 s and made 3.8 MiB, level 3 0.99 s and
     * 59 MiB (zstd 1.5.4 CLI, 2 threads): faster than the network and still small.
     */
    private static final int LEVEL = 1;
    /** A fixed worker count >= 1: zstd's multi-threaded format is the same for any count, so 2 is only about speed. */
    private static final int WORKERS = 2;

    /**
     * The files of one image directory, at the root of the layer. The directory's {@code parent} link is left
     * out: the layer order says which layer is whose parent, so a layer does not depend on where its directory
     * sits in a chain, and a directory pushed as the top of one chain is the same blob as a parent in the next.
     */
    static Layer ofImageDir(Path dir, Path out, String op) {
        long[] counted = new long[2];
        return write(out, op, counted, tarOut -> {
            try (TarWriter tar = new TarWriter(tarOut, true)) {
                addTree(tar, dir, "", true, counted, op);
                tar.finish();
            }
        });
    }

    /** A tar stream as it is (the inside of a Podman or CRI-O checkpoint archive), recompressed with zstd. */
    static Layer ofTar(InputStream tarStream, Path out, String op) {
        return write(out, op, new long[2], tarOut -> tarStream.transferTo(tarOut));
    }

    private interface TarBody {
        void writeTo(OutputStream out) throws IOException;
    }

    private static Layer write(Path out, String op, long[] counted, TarBody body) {
        MessageDigest blob = Digest.sha256(), diff = Digest.sha256();
        long size;
        try (OutputStream file = Files.newOutputStream(out)) {
            TarWriter.Counting counting = new TarWriter.Counting(new BufferedOutputStream(file, 1 << 17));
            DigestOutputStream blobOut = new DigestOutputStream(counting, blob);
            ZstdOutputStream zstd = new ZstdOutputStream(blobOut, LEVEL);
            zstd.setWorkers(WORKERS);
            DigestOutputStream diffOut = new DigestOutputStream(new BufferedOutputStream(zstd, 1 << 17), diff);
            body.writeTo(new TarWriter.NonClosing(diffOut));
            diffOut.flush();
            zstd.close(); // finishes the frame, flushes and closes the file's buffer
            size = counting.count();
        } catch (IOException e) {
            throw new RegistryException(op, "cannot write the layer " + out + ": " + e.getMessage(),
                    "check the space in " + out.getParent(), e);
        }
        return new Layer(out, Digest.of(blob), size, Digest.of(diff), counted[0], counted[1]);
    }

    private static void addTree(TarWriter tar, Path dir, String prefix, boolean top, long[] counted, String op)
            throws IOException {
        for (Path child : TarWriter.children(dir)) {
            String fileName = child.getFileName().toString();
            if (top && fileName.equals("parent")) continue;
            String name = prefix + fileName;
            PosixFileAttributes a = TarWriter.attributes(child);
            if (a.isSymbolicLink()) {
                tar.link(name, Files.readSymbolicLink(child).toString());
            } else if (a.isDirectory()) {
                tar.directory(name, 040000 | TarWriter.mode(a.permissions()));
                addTree(tar, child, name + "/", false, counted, op);
            } else if (a.isRegularFile()) {
                long copied = tar.file(name, child, a, null);
                if (copied != a.size())
                    throw new RegistryException(op, child + " changed size while it was pushed", "do not change a checkpoint while pushing it");
                counted[0]++;
                counted[1] += copied;
            } else {
                throw new RegistryException(op, child + " is a special file (device, FIFO or socket)",
                        "a checkpoint directory holds only files, directories and links; remove it");
            }
        }
    }
}
