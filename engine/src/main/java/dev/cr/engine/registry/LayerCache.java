package dev.cr.engine.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the layer of an image directory was the last time it was built: its digest, size and diff_id, keyed by
 * everything that would change the layer (each entry's name, type, size, mode, link target, inode, modification
 * and change times, and the layer format). A push after a new pre-dump then learns the digests of the older
 * directories without compressing them again, and skips them when the registry has them: only the new directory
 * is read. A directory whose files changed in any way has another key and is built again (CRIU never changes an
 * image directory after writing it; a person editing one changes at least its change times).
 *
 * <p>Entries are small files under the cache directory, written whole and renamed into place; one that cannot be
 * read is ignored.
 */
final class LayerCache {
    /** Bump when the layer format changes (compression level, entry order, metadata): old entries then never match. */
    private static final String FORMAT = "cr-layer-1;zstd-1;workers-2";

    private final Path dir;

    LayerCache(Path dir) {
        this.dir = dir;
    }

    /** ~/.cache/cr/layers, or under $XDG_CACHE_HOME. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cr").resolve("layers");
    }

    record Entry(String digest, long size, String diffId) {}

    /** The key of an image directory as it is now, or empty when it cannot be read (then it is simply built). */
    Optional<String> key(Path imageDir) {
        try {
            MessageDigest md = Digest.sha256();
            md.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            addTree(md, imageDir, "", true);
            return Optional.of(HexFormat.of().formatHex(md.digest()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void addTree(MessageDigest md, Path d, String prefix, boolean top) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            ds.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (top && name.equals("parent")) continue;
            Map<String, Object> a = Files.readAttributes(child, "unix:mode,size,ino,dev,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
            StringBuilder line = new StringBuilder(prefix).append(name).append('\0')
                    .append(a.get("mode")).append(' ').append(a.get("size")).append(' ').append(a.get("dev")).append(' ')
                    .append(a.get("ino")).append(' ').append(nanos(a.get("lastModifiedTime"))).append(' ')
                    .append(nanos(a.get("ctime")));
            if (Files.isSymbolicLink(child)) line.append(" -> ").append(Files.readSymbolicLink(child));
            md.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) addTree(md, child, prefix + name + "/", false);
        }
    }

    private static long nanos(Object t) {
        return t instanceof FileTime ft ? ft.to(java.util.concurrent.TimeUnit.NANOSECONDS) : -1;
    }

    Optional<Entry> get(String key) {
        try {
            String[] f = Files.readString(dir.resolve(key), StandardCharsets.UTF_8).strip().split(" ");
            if (f.length != 3) return Optional.empty();
            return Optional.of(new Entry(Digest.parse(f[0]), Long.parseLong(f[1]), Digest.parse(f[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void put(String key, Layer layer) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".entry-", "");
            Files.writeString(tmp, layer.digest() + " " + layer.size() + " " + layer.diffId() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a cache that cannot be written only costs the next push some compression
        }
    }
}
