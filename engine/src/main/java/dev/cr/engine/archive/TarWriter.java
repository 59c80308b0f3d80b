package dev.cr.engine.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.FilterOutputStream;
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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes the entries of a checkpoint directory into a tar stream: what {@code cr pack} ({@link CheckpointArchive})
 * and a registry layer share. Names may be long and sizes large (POSIX headers); a file is copied for exactly the
 * size its attributes gave, so a file that changes meanwhile is caught by the caller.
 *
 * <p>Two kinds of entries: <em>packed</em> ones keep the files' modes and modification times (in whole seconds,
 * which fit the plain header; finer ones would add a PAX header to every file); <em>reproducible</em> ones have
 * owner 0, no owner names and time 0, so the same directory makes the same bytes on every machine.
 */
public final class TarWriter implements AutoCloseable {
    private final TarArchiveOutputStream tar;
    private final boolean reproducible;

    /**
     * A tar stream over {@code out}, which {@link #close()} finishes and closes.
     *
     * @param out          where the archive goes; wrap it in {@link NonClosing} to keep it open after {@link #close()}
     * @param reproducible true for reproducible entries (owner 0, time 0: a registry layer), false to keep the files'
     *                     modification times (a packed checkpoint)
     */
    public TarWriter(OutputStream out, boolean reproducible) {
        this.tar = new TarArchiveOutputStream(out);
        this.reproducible = reproducible;
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /**
     * The entries of {@code dir} in name order, so that an archive of the same files is the same stream.
     *
     * @param dir a directory
     * @return its entries (not recursively), sorted by name
     * @throws IOException when the directory cannot be listed
     */
    public static List<Path> children(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort(null);
        return children;
    }

    /**
     * The attributes a tar entry is made from; of a symbolic link itself, not of what it points at.
     *
     * @param file the file, directory or link
     * @return its POSIX attributes
     * @throws IOException when they cannot be read (the file is gone, or the file system is not POSIX)
     */
    public static PosixFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Adds a symbolic link.
     *
     * @param name   the link's path in the archive
     * @param target what it points at, as the link holds it (kept as is, relative or absolute)
     * @throws IOException when the stream under the archive fails
     */
    public void link(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        put(e);
        tar.closeArchiveEntry();
    }

    /**
     * Adds a directory entry (its contents are added one by one, by the caller).
     *
     * @param name the directory's path in the archive, without its trailing '/'
     * @param mode its mode, type bits included ({@code 040000 | }{@link #mode(Set)})
     * @throws IOException when the stream under the archive fails
     */
    public void directory(String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name + "/");
        e.setMode(mode);
        put(e);
        tar.closeArchiveEntry();
    }

    /**
     * Adds the regular file {@code file} as {@code name}: {@code attrs.size()} bytes at most, each also fed to
     * {@code digest} when it is not null. A file that grew meanwhile is cut at that size.
     *
     * @param name   the file's path in the archive
     * @param file   the file to copy (read without following a link)
     * @param attrs  its attributes, as {@link #attributes(Path)} read them: they give the entry's size and mode
     * @param digest a digest to feed the copied bytes to, or null
     * @return the bytes copied: fewer than {@code attrs.size()} when the file shrank, and then the entry stays open
     *         and the archive cannot go on (the caller fails, naming the file)
     * @throws IOException when the file cannot be read or the stream under the archive fails
     */
    public long file(String name, Path file, PosixFileAttributes attrs, MessageDigest digest) throws IOException {
        long size = attrs.size();
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        if (reproducible) {
            e.setMode(0100000 | mode(attrs.permissions()));
        } else {
            e.setMode(mode(attrs.permissions()));
            e.setModTime(FileTime.from(attrs.lastModifiedTime().to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        }
        put(e);
        long copied = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 17];
            int n;
            while (copied < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - copied))) > 0) {
                if (digest != null) digest.update(buf, 0, n);
                tar.write(buf, 0, n);
                copied += n;
            }
        }
        // A shrunk file leaves its entry open: the stream is unusable then, and the caller fails with the reason.
        if (copied == size) tar.closeArchiveEntry();
        return copied;
    }

    /**
     * Adds a regular file made in memory, such as a manifest cr writes.
     *
     * @param name    the file's path in the archive
     * @param content the whole file
     * @param mode    its mode, type bits included
     * @throws IOException when the stream under the archive fails
     */
    public void bytes(String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(mode);
        put(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private void put(TarArchiveEntry e) throws IOException {
        if (reproducible) {
            e.setModTime(FileTime.fromMillis(0));
            e.setIds(0, 0);
            e.setUserName("");
            e.setGroupName("");
        }
        tar.putArchiveEntry(e);
    }

    /**
     * Ends the archive (its two zero blocks) without closing the stream under it.
     *
     * @throws IOException when the stream under the archive fails
     */
    public void finish() throws IOException {
        tar.finish();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /**
     * The permission bits of {@code perms}, as a tar header holds them.
     *
     * @param perms the permissions, as {@link PosixFileAttributes#permissions()} gives them
     * @return the bits {@code 0777} can hold (no set-id or sticky bit, which Java's permissions do not carry)
     */
    public static int mode(Set<PosixFilePermission> perms) {
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

    /** Counts the bytes that reach the stream under it (an archive's or a layer's size). */
    public static final class Counting extends FilterOutputStream {
        private long count;

        /**
         * Counts what is written to {@code out}.
         *
         * @param out the stream whose bytes are counted
         */
        public Counting(OutputStream out) {
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

        /** {@return the bytes written through this stream so far} */
        public long count() {
            return count;
        }
    }

    /** Lets a tar or compressor stream be closed (which finishes it) while the stream under it stays open. */
    public static final class NonClosing extends FilterOutputStream {
        /**
         * Shields {@code out} from {@link #close()}, which flushes it only.
         *
         * @param out the stream that must stay open
         */
        public NonClosing(OutputStream out) {
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
