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
 * <p>Never follows a symbolic link (attributes are read without following, files are opened with O_NOFOLLOW, and
 * the walk does not descend into links), stays on the directory's file system (mount points are sent as empty
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

    public TreeSender(Wire wire, boolean compress, LongConsumer progress, Replies replies) {
        this.wire = wire;
        this.compress = compress;
        this.progress = progress;
        this.replies = replies;
        this.packed = compress ? new byte[(int) Zstd.compressBound(Wire.CHUNK)] : null;
    }

    /** Sends the whole tree under {@code directory}; returns the bytes of file content sent. */
    public long sendFirstPass(Path directory) throws IOException {
        root = directory.toAbsolutePath().normalize();
        devices.add(Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS));
        // A rootfs may be a file system of its own mounted on <dir>/rootfs: enter it (but nothing mounted deeper).
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds)
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) devices.add(Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS));
        }
        Map<String, FileTime> seen = new LinkedHashMap<>();
        long bytes = walk(seen, null);
        firstPass = seen;
        wire.sendNow(new Message.TreeDone(1, root.toString()));
        return bytes;
    }

    /** Sends what changed since the first pass: removals first, then new and changed entries. */
    public long sendChanges() throws IOException {
        if (root == null) throw new IllegalStateException("no first pass");
        Map<String, FileTime> seen = new LinkedHashMap<>();
        // Walk first (without sending) to learn what is gone, so removals can precede the entries that replace them.
        Set<String> now = new HashSet<>();
        collect(root, "", now);
        List<String> gone = new ArrayList<>();
        for (String p : firstPass.keySet()) if (!now.contains(p)) gone.add(p);
        gone.sort((a, b) -> b.compareTo(a)); // children before their directory
        for (String p : gone) wire.send(new Message.TreeRemove(p));
        long bytes = walk(seen, firstPass);
        wire.sendNow(new Message.TreeDone(2, root.toString()));
        return bytes;
    }

    public long filesSent() {
        return files;
    }

    private void collect(Path dir, String rel, Set<String> out) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = rel.isEmpty() ? p.getFileName().toString() : rel + "/" + p.getFileName();
                out.add(name);
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(p, "unix:mode,dev", LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (Message.TreeEntry.kindOf((Integer) a.get("mode")) == 'd' && devices.contains(a.get("dev"))) collect(p, name, out);
            }
        }
    }

    /**
     * Walks the tree, sending each entry that is new or whose ctime differs from {@code before} (every entry when
     * {@code before} is null), and records each entry's ctime in {@code seen}.
     */
    private long walk(Map<String, FileTime> seen, Map<String, FileTime> before) throws IOException {
        Map<Object, String> inodes = new HashMap<>(); // hard links: inode to the first path sent in this pass
        return walkDir(root, "", seen, before, inodes);
    }

    private long walkDir(Path dir, String rel, Map<String, FileTime> seen, Map<String, FileTime> before,
                         Map<Object, String> inodes) throws IOException {
        long bytes = 0;
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        } catch (NoSuchFileException gone) {
            return 0; // removed while the container runs: the next pass tells the target
        }
        children.sort(null);
        for (Path p : children) {
            String name = rel.isEmpty() ? p.getFileName().toString() : rel + "/" + p.getFileName();
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
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    wire.send(new Message.TreeEntry(name, 'l', 0777, uid, gid, mtime, target, 0));
                } else if (kind == 'f') {
                    bytes += sendFile(p, new Message.TreeEntry(name, 'f', mode & 07777, uid, gid, mtime, "", 0));
                } else {
                    wire.send(new Message.TreeEntry(name, kind, mode & 07777, uid, gid, mtime, "", (Long) a.get("rdev")));
                }
            }
            // Do not descend into another file system mounted here, nor into links (they are not directories).
            if (kind == 'd' && sameFs) bytes += walkDir(p, name, seen, before, inodes);
        }
        return bytes;
    }

    private long sendFile(Path p, Message.TreeEntry entry) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return 0;
        }
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
