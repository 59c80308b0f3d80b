package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.protocol.FileBody;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.ProtocolError;
import dev.cr.engine.migrate.protocol.Wire;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The target's half of {@code TreeSender}: applies the passes of a container's directory tree to {@code root}
 * without ever writing outside it. Every path is checked before use: relative, no {@code .}/{@code ..} or empty
 * component, no NUL, and no component on the way is a symbolic link (checked without following; the tree is the
 * target's own staging copy, which nothing else writes while it arrives). Symbolic links are created as sent —
 * a container's links point inside its own root (often absolutely), and they are never followed here. A hard link
 * must name a regular file of the tree. Owners, modes (with set-id bits) and times are set without following links.
 */
public final class TreeReceiver {
    private final Path root;
    private final FileBody body = new FileBody();
    /**
     * Directories sent or changed in this pass, with the mtime each must end with: the sent one, or the one it had
     * before this pass added or removed entries in it. Set at the pass's end, when nothing changes them any more.
     */
    private final Map<Path, FileTime> directoryTimes = new HashMap<>();
    private int passes;
    private String sourceDirectory;
    private long bytes;

    /**
     * A receiver that builds the tree in {@code root}.
     *
     * @param root the directory the tree arrives in (it must exist)
     */
    public TreeReceiver(Path root) {
        this.root = root;
    }

    /** {@return how many passes have ended (TreeDone), 0 to 2} */
    public int passes() {
        return passes;
    }

    /** {@return the container's directory on the source, as the last TreeDone said; null before the first} */
    public String sourceDirectory() {
        return sourceDirectory;
    }

    /** The bytes of file content written so far. */
    long bytes() {
        return bytes;
    }

    /**
     * Applies one entry, replacing what was at its path unless both are directories.
     *
     * @param e    the entry
     * @param wire the connection, for a file's content that follows the entry
     * @return the content bytes written (0 for anything but a regular file)
     * @throws IOException when the entry cannot be made, or the connection fails
     * @throws RuntimeException a protocol error for a path outside the tree, a link through which it would lead, a
     *                          hard link to anything but a file of the tree, or an unknown kind of entry
     */
    public long receive(Message.TreeEntry e, Wire wire) throws IOException {
        Path dest = inside(e.path());
        var existing = attributes(dest);
        char kind = e.kind();
        keepTimeOf(dest.getParent());
        if (existing != null && !(kind == 'd' && Message.TreeEntry.kindOf((Integer) existing.get("mode")) == 'd'))
            removeTree(dest);
        long written = 0;
        switch (kind) {
            case 'd' -> {
                if (existing == null || Message.TreeEntry.kindOf((Integer) existing.get("mode")) != 'd') Files.createDirectory(dest);
            }
            case 'f' -> written = writeFile(dest, e.path(), wire);
            case 'l' -> {
                if (e.link().isEmpty() || e.link().indexOf('\0') >= 0)
                    throw new ProtocolError("refused symbolic link " + e.path() + " with an empty target");
                Files.createSymbolicLink(dest, Path.of(e.link()));
            }
            case 'h' -> {
                Path target = inside(e.link());
                var a = attributes(target);
                if (a == null || Message.TreeEntry.kindOf((Integer) a.get("mode")) != 'f')
                    throw new ProtocolError("refused hard link " + e.path() + ": " + e.link() + " is not a file of the tree");
                Files.createLink(dest, target);
                return 0; // shares the inode's owner, mode and times
            }
            case 'c', 'b', 'p' -> {
                special(dest, e);
                return 0;
            }
            default -> throw new ProtocolError("refused entry " + e.path() + " of unknown kind '" + kind + "'");
        }
        // chown first: it clears set-id bits, which the mode then puts back. A symbolic link has no mode of its own.
        Files.setAttribute(dest, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dest, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
        if (kind != 'l') Files.setAttribute(dest, "unix:mode", e.mode() & 07777, LinkOption.NOFOLLOW_LINKS);
        FileTime mtime = FileTime.from(e.mtimeNanos(), TimeUnit.NANOSECONDS);
        if (kind == 'd') directoryTimes.put(dest, mtime);
        else times(dest, mtime);
        bytes += written;
        return written;
    }

    /**
     * Removes an entry the source no longer has (a directory with what is in it); nothing when it is not there.
     *
     * @param r the removal
     * @throws IOException when the entry cannot be removed
     * @throws RuntimeException a protocol error for a path outside the tree
     */
    public void remove(Message.TreeRemove r) throws IOException {
        Path dest = inside(r.path());
        keepTimeOf(dest.getParent());
        if (attributes(dest) != null) removeTree(dest);
    }

    /**
     * Ends a pass: sets the times of the directories it touched, now that nothing changes them any more.
     *
     * @param d the end of the pass, with the source's directory
     * @throws IOException when a directory's times cannot be set
     * @throws RuntimeException a protocol error when the pass is out of order
     */
    public void done(Message.TreeDone d) throws IOException {
        if (d.pass() != passes + 1) throw new ProtocolError("tree pass " + d.pass() + " after " + passes);
        for (var dt : directoryTimes.entrySet()) {
            if (Files.isDirectory(dt.getKey(), LinkOption.NOFOLLOW_LINKS)) times(dt.getKey(), dt.getValue());
        }
        directoryTimes.clear();
        passes = d.pass();
        sourceDirectory = d.sourceDirectory();
    }

    /** Remembers a directory's mtime before this pass changes its entries (unless the pass sends the directory). */
    private void keepTimeOf(Path dir) throws IOException {
        if (dir.equals(root) || directoryTimes.containsKey(dir)) return;
        directoryTimes.put(dir, Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
    }

    private long writeFile(Path dest, String name, Wire wire) throws IOException {
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            return body.receive(wire, out, name, -1);
        }
    }

    /** {@code rel} resolved under the root, refused unless every component is plain and no parent is a link. */
    private Path inside(String rel) {
        if (rel.isEmpty() || rel.startsWith("/") || rel.indexOf('\0') >= 0)
            throw new ProtocolError("refused tree path '" + rel + "'");
        Path p = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length; i++) {
            String c = parts[i];
            if (c.isEmpty() || c.equals(".") || c.equals(".."))
                throw new ProtocolError("refused tree path '" + rel + "'");
            p = p.resolve(c);
            if (i < parts.length - 1 && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                throw new ProtocolError("refused tree path '" + rel + "': " + root.relativize(p)
                        + " is not a directory of the tree (a link is never followed)");
        }
        return p;
    }

    private static java.util.Map<String, Object> attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void times(Path p, FileTime mtime) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(mtime, null, null);
    }

    /** Deletes {@code p} and, for a directory, what is in it; links are removed, never followed. */
    static void removeTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) removeTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    /**
     * Device files and FIFOs, by commands: the JDK cannot make them, and it opens a file to change its mode or
     * times, which blocks on a FIFO (and would open a device). mknod(1) sets the mode, chown -h and touch -h
     * work on the name (the target runs as root).
     */
    private static void special(Path dest, Message.TreeEntry e) throws IOException {
        char kind = e.kind();
        long rdev = e.rdev();
        List<String> cmd = new ArrayList<>(List.of("mknod", "-m", Integer.toOctalString(e.mode() & 07777), "--",
                dest.toString(), String.valueOf(kind)));
        if (kind != 'p') {
            // Linux's encoding of dev_t (glibc's major()/minor()).
            long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L);
            long minor = (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L);
            cmd.add(Long.toString(major));
            cmd.add(Long.toString(minor));
        }
        run(cmd, dest);
        run(List.of("chown", "-h", e.uid() + ":" + e.gid(), "--", dest.toString()), dest);
        long secs = Math.floorDiv(e.mtimeNanos(), 1_000_000_000L);
        long nanos = Math.floorMod(e.mtimeNanos(), 1_000_000_000L);
        run(List.of("touch", "-h", "-m", "-d", "@" + secs + "." + String.format("%09d", nanos), "--", dest.toString()), dest);
    }

    private static void run(List<String> cmd, Path dest) throws IOException {
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes()).strip();
        try {
            if (proc.waitFor() != 0) throw new IOException(cmd.getFirst() + " " + dest + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making " + dest, e);
        }
    }
}
