package dev.cr.engine.criu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of each CRIU executable, kept on disk so that a short-lived {@code cr dump} does not start CRIU
 * once more just to ask it (about 15 ms of a 40 ms dump here).
 *
 * <p>An entry belongs to one executable and holds its fingerprint: the real path, inode, size, modification and
 * change times of the file and, when it is a {@code #!} wrapper (as the provisioned one is), of every file the
 * wrapper names by absolute path (its loader and the real {@code criu}). Any change to one of them makes the entry
 * stale, and CRIU is asked again.
 *
 * <p>Only root can run CRIU, and only root may write what a dump trusts: an entry that is not owned by root or that
 * others can write is ignored (and replaced by a fresh one); a directory like that is neither read nor written.
 */
final class CriuVersionCache {
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(/[^\\s\"'$:;|&<>()]+)");
    private static final int WRAPPER_BYTES = 8192;

    private final Path dir;

    CriuVersionCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $CR_CACHE/criu-versions}, or {@code /var/cache/cr/criu-versions}. */
    static CriuVersionCache standard() {
        String cache = System.getenv("CR_CACHE");
        return new CriuVersionCache(Path.of(cache == null || cache.isBlank() ? "/var/cache/cr" : cache, "criu-versions"));
    }

    Path dir() { return dir; }

    /**
     * The version of {@code binary}: from its entry when the entry is fresh and trusted, otherwise from
     * {@code ask} (which runs CRIU; a value {@code <= 0} is a failure and is not kept).
     */
    int version(Path binary, IntSupplier ask) {
        Optional<String> print = fingerprint(binary);
        if (print.isPresent()) {
            Optional<Integer> known = read(binary, print.get());
            if (known.isPresent()) return known.get();
        }
        int v = ask.getAsInt();
        if (v > 0 && print.isPresent()) write(binary, print.get(), v);
        return v;
    }

    /** The fingerprint of the executable and the files its wrapper names; empty when it cannot be read. */
    static Optional<String> fingerprint(Path binary) {
        try {
            Path real = binary.toRealPath();
            var lines = new ArrayList<String>();
            lines.add(describe(real));
            for (Path named : namedByWrapper(real)) lines.add(describe(named));
            return Optional.of(String.join("\n", lines));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String describe(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,ctime");
        return file + " ino=" + a.get("ino") + " size=" + a.get("size") + " mtime=" + a.get("lastModifiedTime")
                + " ctime=" + a.get("ctime");
    }

    /** The regular files a {@code #!} script names by absolute path, in its first 8 KiB; none for a binary. */
    private static List<Path> namedByWrapper(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(WRAPPER_BYTES);
        }
        if (head.length < 2 || head[0] != '#' || head[1] != '!') return List.of();
        Set<Path> named = new LinkedHashSet<>();
        Matcher m = ABSOLUTE_PATH.matcher(new String(head, StandardCharsets.UTF_8));
        while (m.find()) {
            Path p = Path.of(m.group(1));
            if (Files.isRegularFile(p)) named.add(p.toRealPath());
        }
        return List.copyOf(named);
    }

    private Path entry(Path binary) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(binary.toAbsolutePath().normalize().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Optional<Integer> read(Path binary, String print) {
        Path f = entry(binary);
        try {
            if (!rootOnly(dir) || !rootOnly(f)) return Optional.empty();
            String text = Files.readString(f, StandardCharsets.UTF_8).strip();
            int nl = text.lastIndexOf('\n');
            if (nl < 0 || !text.substring(0, nl).equals(print)) return Optional.empty();
            int v = Integer.parseInt(text.substring(nl + 1).trim());
            return v > 0 ? Optional.of(v) : Optional.empty();
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Best effort: a cache that cannot be written only costs the next command one more CRIU run. */
    private void write(Path binary, String print, int version) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            if (!rootOnly(dir)) return;
            Path f = entry(binary);
            Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.writeString(tmp, print + "\n" + version + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not kept
        }
    }

    /** Owned by root, not a symbolic link, and writable by nobody else. */
    static boolean rootOnly(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) return false;
        Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return Integer.valueOf(0).equals(uid)
                && !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
