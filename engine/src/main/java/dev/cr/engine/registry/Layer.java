package dev.cr.engine.registry;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarOut)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
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
            CountingOutput counting = new CountingOutput(new BufferedOutputStream(file, 1 << 17));
            DigestOutputStream blobOut = new DigestOutputStream(counting, blob);
            ZstdOutputStream zstd = new ZstdOutputStream(blobOut, LEVEL);
            zstd.setWorkers(WORKERS);
            DigestOutputStream diffOut = new DigestOutputStream(new BufferedOutputStream(zstd, 1 << 17), diff);
            body.writeTo(new NonClosing(diffOut));
            diffOut.flush();
            zstd.close(); // finishes the frame, flushes and closes the file's buffer
            size = counting.count;
        } catch (IOException e) {
            throw new RegistryException(op, "cannot write the layer " + out + ": " + e.getMessage(),
                    "check the space in " + out.getParent(), e);
        }
        return new Layer(out, Digest.of(blob), size, Digest.of(diff), counted[0], counted[1]);
    }

    private static void addTree(TarArchiveOutputStream tar, Path dir, String prefix, boolean top, long[] counted, String op)
            throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String fileName = child.getFileName().toString();
            if (top && fileName.equals("parent")) continue;
            String name = prefix + fileName;
            PosixFileAttributes a = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            TarArchiveEntry e;
            if (a.isSymbolicLink()) {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(child).toString());
            } else if (a.isDirectory()) {
                e = new TarArchiveEntry(name + "/");
                e.setMode(040000 | mode(a.permissions()));
            } else if (a.isRegularFile()) {
                e = new TarArchiveEntry(name);
                e.setSize(a.size());
                e.setMode(0100000 | mode(a.permissions()));
            } else {
                throw new RegistryException(op, child + " is a special file (device, FIFO or socket)",
                        "a checkpoint directory holds only files, directories and links; remove it");
            }
            e.setModTime(FileTime.fromMillis(0));
            e.setIds(0, 0);
            e.setUserName("");
            e.setGroupName("");
            tar.putArchiveEntry(e);
            if (a.isRegularFile()) {
                long copied;
                try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    copied = copy(in, tar, a.size());
                }
                if (copied != a.size())
                    throw new RegistryException(op, child + " changed size while it was pushed", "do not change a checkpoint while pushing it");
                counted[0]++;
                counted[1] += copied;
            }
            tar.closeArchiveEntry();
            if (a.isDirectory()) addTree(tar, child, name + "/", false, counted, op);
        }
    }

    private static long copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 17];
        long copied = 0;
        int n;
        while (copied < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - copied))) > 0) {
            out.write(buf, 0, n);
            copied += n;
        }
        return copied;
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400; case OWNER_WRITE -> 0200; case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040; case GROUP_WRITE -> 020; case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04; case OTHERS_WRITE -> 02; case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    private static final class CountingOutput extends java.io.FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Lets the tar stream be closed (which finishes it) while the compressor behind it stays open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
