package dev.cr.engine.migrate.source;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Sends a container's directory (configuration, root filesystem, snapshots) in two passes, like LXD's two rsync
 * runs: the first while the container runs, the second while it is frozen with only what changed since the first
 * (and the removals). A change is told by the inode's ctime, read before the content, which the kernel moves on
 * every write and metadata change and nobody can set back.
 *
 * <p>Never follows a symbolic link, even one the running container puts in place of a directory while the walk is in
 * it: the walk holds each directory by a descriptor and reaches each entry one component below it
 * ({@link BeneathDirectory}: openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), attributes are read without
 * following, and an entry that changed kind since it was looked at is skipped (the next pass sees it). It stays on the directory's file system (mount points are sent as empty
 * directories, see below), keeps owners, modes with set-id bits, times, hard links, device nodes and FIFOs. Sockets are left
 * out (a process creates them when it binds). Extended attributes and ACLs are not sent. Other file systems are
 * entered only when mounted right on a subdirectory of the container's directory (a rootfs of its own).
 */
public final class TreeSender {
    private final Wire wire;
    private final boolean compress;
    private final LongConsumer progress;
    private final Replies replies;
    private final byte[] buf = new byte[Wire.CHUNK];
    private final byte[] packed;
    private Path root;
    /** The file systems the walk enters: the directory's, and those mounted on its immediate subdirectories. */
    private final Set<Object> devices = new HashSet<>();
    /** What the first pass sent: path to the inode's ctime when it was read. */
    private Map<String, FileTime> firstPass = Map.of();
    private long files;

    /**
     * A sender over one connection.
     *
     * @param wire     the connection to the target
     * @param compress zstd-compress each chunk that gets smaller by it
     * @param progress told the size of each chunk of file content sent (before compression)
     * @param replies  the target's messages, checked between chunks so that a failure it reports stops the sending
     */
    public TreeSender(Wire wire, boolean compress, LongConsumer progress, Replies replies) {
        this.wire = wire;
        this.compress = compress;
        this.progress = progress;
        this.replies = replies;
        this.packed = compress ? new byte[(int) Zstd.compressBound(Wire.CHUNK)] : null;
    }

    /**
     * Sends the whole tree under {@code directory}, then TreeDone, and remembers each entry's ctime for
     * {@link #sendChanges()}.
     *
     * @param directory the container's directory
     * @return the bytes of file content sent (before compression)
     * @throws IOException when the directory cannot be opened or read, the connection fails, or the target reported
     *                     a failure
     */
    public long sendFirstPass(Path directory) throws IOException {
        root = directory.toAbsolutePath().normalize();
        try (BeneathDirectory top = BeneathDirectory.open(root)) {
            devices.add(top.device());
            // A rootfs may be a file system of its own mounted on <dir>/rootfs: enter it (but nothing mounted deeper).
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(top.path())) {
                for (Path p : ds) {
                    try (BeneathDirectory sub = top.child(p.getFileName().toString())) {
                        if (sub != null) devices.add(sub.device());
                    }
                }
            }
        }
        Map<String, FileTime> seen = new LinkedHashMap<>();
        long bytes = walk(seen, null);
        firstPass = seen;
        wire.sendNow(new Message.TreeDone(1, root.toString()));
        return bytes;
    }

    /**
     * Sends what changed since the first pass: removals first, then new and changed entries, then TreeDone.
     *
     * @return the bytes of file content sent (before compression)
     * @throws IOException as {@link #sendFirstPass(Path)}
     * @throws IllegalStateException when no first pass was sent
     */
    public long sendChanges() throws IOException {
        if (root == null) throw new IllegalStateException("no first pass");
        Map<String, FileTime> seen = new LinkedHashMap<>();
        // Walk first (without sending) to learn what is gone, so removals can precede the entries that replace them.
        Set<String> now = new HashSet<>();
        try (BeneathDirectory top = BeneathDirectory.open(root)) {
            collect(top, "", now);
        }
        List<String> gone = new ArrayList<>();
        for (String p : firstPass.keySet()) if (!now.contains(p)) gone.add(p);
        gone.sort((a, b) -> b.compareTo(a)); // children before their directory
        for (String p : gone) wire.send(new Message.TreeRemove(p));
        long bytes = walk(seen, firstPass);
        wire.sendNow(new Message.TreeDone(2, root.toString()));
        return bytes;
    }

    /** {@return how many regular files the passes have sent so far (one sent again by the second pass counts twice)} */
    public long filesSent() {
        return files;
    }

    private void collect(BeneathDirectory dir, String rel, Set<String> out) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.path())) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                String name = rel.isEmpty() ? file : rel + "/" + file;
                out.add(name);
                try (BeneathDirectory sub = dir.child(file)) {
                    if (sub != null && devices.contains(sub.device())) collect(sub, name, out);
                }
            }
        }
    }

    /**
     * Walks the tree, sending each entry that is new or whose ctime differs from {@code before} (every entry when
     * {@code before} is null), and records each entry's ctime in {@code seen}.
     */
    private long walk(Map<String, FileTime> seen, Map<String, FileTime> before) throws IOException {
        Map<Object, String> inodes = new HashMap<>(); // hard links: inode to the first path sent in this pass
        try (BeneathDirectory top = BeneathDirectory.open(root)) {
            return walkDir(top, "", seen, before, inodes);
        }
    }

    private long walkDir(BeneathDirectory dir, String rel, Map<String, FileTime> seen, Map<String, FileTime> before,
                         Map<Object, String> inodes) throws IOException {
        long bytes = 0;
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.path())) {
            for (Path p : ds) children.add(p.getFileName().toString());
        } catch (NoSuchFileException gone) {
            return 0; // removed while the container runs: the next pass tells the target
        }
        children.sort(null);
        for (String file : children) {
            String name = rel.isEmpty() ? file : rel + "/" + file;
            Path p = dir.entry(file);
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,rdev,ctime,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                continue;
            }
            int mode = (Integer) a.get("mode");
            char kind = Message.TreeEntry.kindOf(mode);
            if (kind == 's' || kind == '?') continue;
            FileTime ctime = (FileTime) a.get("ctime");
            seen.put(name, ctime);
            boolean changed = before == null || !ctime.equals(before.get(name));
            boolean sameFs = devices.contains(a.get("dev"));
            Object inode = List.of(a.get("dev"), a.get("ino"));
            String firstLink = kind == 'f' && (Integer) a.get("nlink") > 1 ? inodes.putIfAbsent(inode, name) : null;
            if (changed) {
                int uid = (Integer) a.get("uid"), gid = (Integer) a.get("gid");
                long mtime = toNanos((FileTime) a.get("lastModifiedTime"));
                if (firstLink != null) {
                    wire.send(new Message.TreeEntry(name, 'h', mode & 07777, uid, gid, mtime, firstLink, 0));
                } else if (kind == 'l') {
                    String target;
                    try {
                        target = Files.readSymbolicLink(p).toString();
                    } catch (NoSuchFileException | java.nio.file.NotLinkException notALinkNow) {
                        continue; // gone, or no longer a link: the next pass sends what it is then
                    }
                    wire.send(new Message.TreeEntry(name, 'l', 0777, uid, gid, mtime, target, 0));
                } else if (kind == 'f') {
                    bytes += sendFile(dir, file, new Message.TreeEntry(name, 'f', mode & 07777, uid, gid, mtime, "", 0));
                } else {
                    wire.send(new Message.TreeEntry(name, kind, mode & 07777, uid, gid, mtime, "", (Long) a.get("rdev")));
                }
            }
            // Do not descend into another file system mounted here, nor into links (they are not directories): the
            // descriptor decides, not the lstat above, which the container may have made stale since.
            if (kind == 'd' && sameFs) {
                try (BeneathDirectory sub = dir.child(file)) {
                    if (sub != null && devices.contains(sub.device())) bytes += walkDir(sub, name, seen, before, inodes);
                }
            }
        }
        return bytes;
    }

    private long sendFile(BeneathDirectory dir, String file, Message.TreeEntry entry) throws IOException {
        InputStream in = dir.openRegular(file);
        if (in == null) return 0; // gone, or no longer a regular file: the next pass sends what it is then
        wire.send(entry);
        files++;
        CRC32C crc = new CRC32C();
        long sent = 0;
        try (in) {
            int n;
            // Until the end as it is now: a running container may grow the file; the second pass sends it again.
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                replies.check();
                crc.update(buf, 0, n);
                if (compress) {
                    long z = Zstd.compressByteArray(packed, 0, packed.length, buf, 0, n, 1);
                    if (!Zstd.isError(z) && z < n) wire.send(new Message.Data(true, n, packed, (int) z));
                    else wire.send(new Message.Data(false, n, buf, n));
                } else {
                    wire.send(new Message.Data(false, n, buf, n));
                }
                sent += n;
                progress.accept(n);
            }
        }
        wire.send(new Message.FileEnd((int) crc.getValue()));
        return sent;
    }

    private static long toNanos(FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
