package dev.cr.engine.migrate.source;

import dev.cr.ffm.libc.Posix;
import dev.cr.ffm.libc.openat2_h;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory of a running container's tree, held by a descriptor, so that what is reached through it is what was
 * in it and never what a path leads to now. A running container can swap any of its directories for a symbolic link
 * to the host between two looks (renameat2 with RENAME_EXCHANGE); a walk by path then follows the link on its next
 * lookup, O_NOFOLLOW guarding only the last component. Here every step is one component, opened with openat2
 * relative to the parent's descriptor with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, so the
 * kernel refuses a link wherever it appears. Entries are read through {@code /proc/self/fd/N/NAME}: the kernel
 * resolves {@code /proc/self/fd/N} to the directory the descriptor holds (not to a path), so the JDK's file API
 * reads the right entry, and one name below it is all it ever looks up. Not thread-safe.
 */
final class BeneathDirectory implements AutoCloseable {
    private static final int ENOENT = 2, ENOTDIR = 20, ELOOP = 40, ENOSYS = 38, EXDEV = 18, ENXIO = 6;
    private static final long BENEATH = openat2_h.RESOLVE_BENEATH() | openat2_h.RESOLVE_NO_SYMLINKS()
            | openat2_h.RESOLVE_NO_MAGICLINKS();

    private final int fd;
    private final Path path;
    private boolean closed;

    private BeneathDirectory(int fd) {
        this.fd = fd;
        this.path = Path.of("/proc/self/fd", Integer.toString(fd));
    }

    /** Opens the top of a walk; its own path is the host's (an lxcpath), so it is opened as given. */
    static BeneathDirectory open(Path dir) throws IOException {
        int fd = openat2(openat2_h.AT_FDCWD(), dir.toString(), openat2_h.O_PATH() | openat2_h.O_DIRECTORY()
                | openat2_h.O_CLOEXEC(), 0);
        if (fd < 0) throw new IOException("cannot open " + dir + " (errno " + -fd + ")");
        return new BeneathDirectory(fd);
    }

    /**
     * The subdirectory {@code name}, or null when it is not a directory right below this one any more (gone,
     * replaced by a link or a file): the entry changed while the container runs, and the next pass sees it as it is.
     */
    BeneathDirectory child(String name) throws IOException {
        int child = openat2(fd, name, openat2_h.O_PATH() | openat2_h.O_DIRECTORY() | openat2_h.O_NOFOLLOW()
                | openat2_h.O_CLOEXEC(), BENEATH);
        if (child >= 0) return new BeneathDirectory(child);
        if (changed(-child)) return null;
        throw new IOException("cannot open " + name + " in " + path + " (errno " + -child + ")");
    }

    /**
     * The regular file {@code name} opened for reading, or null when it is not a regular file right below this
     * directory any more. Opened with O_NONBLOCK so that a FIFO put in its place does not block the walk, checked
     * to be a regular file through its descriptor, then read through that descriptor's magic link.
     */
    InputStream openRegular(String name) throws IOException {
        int file = openat2(fd, name, openat2_h.O_RDONLY() | openat2_h.O_NOFOLLOW() | openat2_h.O_NONBLOCK()
                | openat2_h.O_CLOEXEC(), BENEATH);
        if (file < 0) {
            if (changed(-file)) return null;
            throw new IOException("cannot open " + name + " in " + path + " (errno " + -file + ")");
        }
        try {
            Path held = Path.of("/proc/self/fd", Integer.toString(file));
            // Without NOFOLLOW: the magic link leads to the opened file itself, whatever its name is now.
            if (!Files.readAttributes(held, BasicFileAttributes.class).isRegularFile()) return null;
            return Channels.newInputStream(FileChannel.open(held, StandardOpenOption.READ));
        } finally {
            close(file);
        }
    }

    /** One entry of this directory, as a path the JDK resolves through the descriptor (read it without following). */
    Path entry(String name) {
        return path.resolve(name);
    }

    /** This directory, as a path the JDK can list. */
    Path path() {
        return path;
    }

    /** The device of the directory the descriptor holds. */
    Object device() throws IOException {
        return Files.getAttribute(path, "unix:dev");
    }

    private static boolean changed(int errno) {
        return errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == EXDEV || errno == ENXIO;
    }

    /** openat2 through syscall(2): the new descriptor, or minus errno. */
    private static int openat2(int dirfd, String name, long flags, long resolve) throws IOException {
        int r = Posix.openat2(dirfd, name, flags, resolve);
        if (r == -ENOSYS)
            throw new IOException("this kernel has no openat2 (Linux 5.6 or later is needed to read a running container's files safely)");
        return r;
    }

    private static void close(int fd) {
        Posix.close(fd);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        close(fd);
    }
}
