package dev.cr.engine.criu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JVM performance-data files ({@code /tmp/hsperfdata_USER/PID}) that a dumped process tree maps, kept with
 * the checkpoint and put back before a restore when they are gone.
 *
 * <p>Why: every HotSpot JVM maps its own {@code /tmp/hsperfdata_USER/PID} shared, and CRIU restores a shared file
 * mapping by opening that path again. But every JVM that starts (with the default {@code -XX:+UsePerfData})
 * deletes the files in that directory whose pid it finds dead ({@code kill(pid, 0)} fails with ESRCH). Once the
 * dumped JVM is gone (dump without --leave-running, a reaped zombie), the next JVM started on the machine, any
 * JVM, {@code cr restore}'s own included, removes its file, and CRIU's restore fails with {@code Can't open file
 * tmp/hsperfdata_root/PID on restore}. Seen with strace: {@code java -version} started after the dump calls
 * {@code unlink("PID")} in that directory; one started with {@code -XX:-UsePerfData} does not.
 *
 * <p>The copy is taken while the tree still runs (before CRIU freezes it), so nothing can have removed the files
 * yet; a file already deleted is one CRIU carries itself (a "ghost" file) and is left to it. Only processes of
 * this mount namespace are looked at: in another one the path names a different file. The copies are plain
 * files of the image directory ({@code jvm-perfdata.list} and {@code jvm-perfdata-N}), so they travel wherever
 * the directory is copied, packed or migrated.
 */
final class JvmPerfData {
    static final String LIST = "jvm-perfdata.list";

    /** One kept file: where it was, its mode and owner, and the name of its copy in the image directory. */
    record Kept(String copy, String mode, int uid, int gid, Path path) {
        String line() {
            return copy + "\t" + mode + "\t" + uid + "\t" + gid + "\t" + path;
        }

        static Kept parse(String line) {
            String[] f = line.split("\t", 5);
            if (f.length != 5) throw new IllegalArgumentException("bad line in " + LIST + ": " + line);
            return new Kept(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[4]));
        }
    }

    private final List<Path> written;

    private JvmPerfData(List<Path> written) {
        this.written = written;
    }

    /**
     * Copies the performance-data files mapped by the tree rooted at {@code pid} into {@code imagesDir}. Never
     * fails the dump: a file that cannot be read is left out (the restore then fails as it would have anyway).
     */
    static JvmPerfData keep(int pid, Path imagesDir) {
        Map<Path, Integer> mapped = mappedBy(pid);
        var kept = new ArrayList<Kept>();
        var written = new ArrayList<Path>();
        int n = 1;
        for (Map.Entry<Path, Integer> e : mapped.entrySet()) {
            Path file = e.getKey();
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,gid");
                byte[] body = Files.readAllBytes(file);
                String name = "jvm-perfdata-" + n++;
                Path copy = imagesDir.resolve(name);
                Files.write(copy, body);
                written.add(copy);
                kept.add(new Kept(name, Integer.toOctalString((Integer) a.get("mode") & 07777),
                        (Integer) a.get("uid"), (Integer) a.get("gid"), file));
            } catch (IOException | RuntimeException ex) {
                // gone or unreadable: CRIU dumps a deleted file itself, and nothing else can be done here
            }
        }
        if (!kept.isEmpty()) {
            Path list = imagesDir.resolve(LIST);
            try {
                Files.write(list, kept.stream().map(Kept::line).toList(), StandardCharsets.UTF_8);
                written.add(list);
            } catch (IOException ex) {
                // without the list the copies are useless: drop them
                new JvmPerfData(written).discard();
                return new JvmPerfData(List.of());
            }
        }
        return new JvmPerfData(written);
    }

    /** Removes the copies (the dump they were taken for failed). */
    void discard() {
        for (Path p : written) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a stray copy in a failed dump's directory harms nothing
            }
        }
    }

    /** The files this checkpoint keeps, from its list; empty when it keeps none. */
    static List<Kept> kept(Path imagesDir) {
        Path list = imagesDir.resolve(LIST);
        if (!Files.isRegularFile(list)) return List.of();
        try {
            return Files.readAllLines(list, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(Kept::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts back, under {@code root} (the restore's root file system, "/" when null), each kept file that is
     * missing, with its mode, owner and the content it had at the dump; a file present is left as it is.
     * Returns the files it created, so that a restore that fails can remove them again.
     */
    static List<Path> putBack(String op, Path imagesDir, String root) {
        var created = new ArrayList<Path>();
        try {
            putBack(imagesDir, root, created);
            return created;
        } catch (IllegalArgumentException e) {
            remove(created);
            throw CriuException.refused(op, "refusing to put back what " + LIST + " names: " + e.getMessage(),
                    "that list was not written by cr's dump for this checkpoint; remove " + imagesDir.resolve(LIST)
                    + " to restore without it");
        } catch (IOException | RuntimeException e) {
            remove(created);
            throw CriuException.setupFailed(op, "cannot put back the JVM performance-data files the checkpoint maps: " + e,
                    "check that " + LIST + " and its copies in " + imagesDir + " are readable and the target path writable", e);
        }
    }

    /** What the list may name: a JVM's own file, /tmp/hsperfdata_USER/PID (HotSpot's fixed place on Linux). */
    private static final Pattern ALLOWED = Pattern.compile("/tmp/hsperfdata_([A-Za-z0-9._][A-Za-z0-9._-]*)/[0-9]+");
    private static final Pattern COPY = Pattern.compile("jvm-perfdata-[0-9]+");
    /** The mode HotSpot gives the file. */
    private static final String MODE = "600";
    /** Far above HotSpot's default of 32 KiB (-XX:PerfDataMemorySize), far below anything that fills a disk. */
    static final long MAX_SIZE = 64L << 20;

    /**
     * What an entry of the list is allowed to make, checked before anything is written: the image directory may
     * come from another host (cr migrate, cr unpack), and this runs as root. So the list can name nothing but a
     * HotSpot performance-data file (no other path, no "..", no copy outside the image directory), mode 0600,
     * owned by the user its directory is named after, and the directory must be that user's (not a link).
     * Returns that user's uid and gid.
     */
    static int[] check(Kept k, Path imagesDir, String root) throws IOException {
        String path = k.path().toString();
        var m = ALLOWED.matcher(path);
        if (!m.matches() || !k.path().normalize().toString().equals(path))
            throw new IllegalArgumentException(path + " is not a JVM performance-data file (/tmp/hsperfdata_USER/PID)");
        if (!COPY.matcher(k.copy()).matches())
            throw new IllegalArgumentException("the copy's name " + k.copy() + " is not one cr writes (jvm-perfdata-N)");
        if (!k.mode().equals(MODE))
            throw new IllegalArgumentException(path + " is listed with mode " + k.mode() + ", not HotSpot's " + MODE);
        int[] ids = user(m.group(1));
        if (ids == null) throw new IllegalArgumentException("no user " + m.group(1) + " here, whose file " + path + " would be");
        if (ids[0] != k.uid())
            throw new IllegalArgumentException(path + " is listed as owned by uid " + k.uid() + ", not by " + m.group(1));
        Path copy = imagesDir.resolve(k.copy());
        var a = Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() > MAX_SIZE)
            throw new IllegalArgumentException(copy + " is not a regular file of at most " + MAX_SIZE + " bytes");
        Path dir = target(k, root).getParent();
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            var d = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!d.isDirectory() || owner != ids[0])
                throw new IllegalArgumentException(dir + " is not a directory of " + m.group(1) + " (a link, or someone else's)");
        }
        return ids;
    }

    private static void putBack(Path imagesDir, String root, List<Path> created) throws IOException {
        List<Kept> all = kept(imagesDir);
        var ids = new ArrayList<int[]>();
        for (Kept k : all) ids.add(check(k, imagesDir, root)); // all of them before any is written
        for (int i = 0; i < all.size(); i++) {
            Kept k = all.get(i);
            int uid = ids.get(i)[0], gid = ids.get(i)[1];
            Path target = target(k, root);
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            Path dir = target.getParent();
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // as the JVM makes it: rwxr-xr-x, owned by the user (mkdir fails on anything already there)
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                    setOwner(dir, uid, gid);
                } catch (FileAlreadyExistsException e) {
                    check(k, imagesDir, root); // made meanwhile: it must be the user's
                }
            }
            byte[] body = Files.readAllBytes(imagesDir.resolve(k.copy()));
            // O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600 at creation: nothing that is there, a link included, is written through.
            try (var ch = Files.newByteChannel(target, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(permissions(0600)))) {
                ch.write(java.nio.ByteBuffer.wrap(body));
            } catch (FileAlreadyExistsException e) {
                continue; // made in the meantime (by the JVM of that pid?): not ours to replace
            }
            created.add(target);
            setOwner(target, uid, gid);
        }
    }

    /** The uid and gid of {@code name} in /etc/passwd, or null. */
    static int[] user(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals(name)) return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
        }
        return null;
    }

    /** Restores tried at most when a JVM that started meanwhile removed a file put back. */
    static final int RESTORE_ATTEMPTS = 3;

    /**
     * Runs {@code restore} (CRIU's restore, returning its pid or a negative errno) with the kept files put back.
     * A JVM that starts between the put-back and CRIU's open removes a file again (other people's JVMs start on a
     * shared machine all the time; seen in a run of scripts/compat here): CRIU's restore then fails, cleanly,
     * and is tried again with the file put back once more. Files put back by a failed restore are removed.
     */
    static int aroundRestore(String op, Path imagesDir, String root, Path log, java.util.function.IntSupplier restore) {
        List<Kept> kept = kept(imagesDir);
        for (int attempt = 1; ; attempt++) {
            List<Path> created = putBack(op, imagesDir, root);
            int rc = restore.getAsInt();
            if (rc > 0) return rc;
            boolean removedMeanwhile = kept.stream().anyMatch(k -> !Files.exists(target(k, root)));
            remove(created);
            if (!removedMeanwhile || attempt == RESTORE_ATTEMPTS || kept.isEmpty()) return rc;
            // The failed attempt's log is kept beside (CRIU would append to it), and the tasks it had created
            // are zombies until init reaps them: their pids, which the next attempt needs, are not free before.
            try {
                Files.move(log, log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "")
                        + "-attempt-" + attempt + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // the next attempt's lines then follow this one's in the same log
            }
            List<Integer> pids = pidsOf(imagesDir);
            // A tree with a pid namespace of its own (its init is pid 1) is restored into a new one: no pid to wait for.
            if (!pids.contains(1)) awaitReaped(pids);
        }
    }

    /** The pids (thread ids too) of the images, from the names of their core-TID.img files. */
    static List<Integer> pidsOf(Path imagesDir) {
        try (var files = Files.list(imagesDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("core-\\d+\\.img"))
                    .map(n -> Integer.parseInt(n.substring(5, n.length() - 4))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Waits (30 s at most) until no pid of {@code pids} exists: the tasks of the failed attempt end after CRIU
     * returned, and stay zombies until init reaps them (slowly on a busy machine here). A pid still taken after
     * that is one the next attempt reports as in use, with its holder.
     */
    static void awaitReaped(List<Integer> pids) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end && pids.stream().anyMatch(p -> Files.exists(Path.of("/proc", Integer.toString(p))))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Where a kept file goes: its path, under the restore's root file system when one is given. */
    private static Path target(Kept k, String root) {
        Path base = Path.of(root == null || root.isEmpty() ? "/" : root);
        return base.resolve(Path.of("/").relativize(k.path().toAbsolutePath()));
    }

    static void remove(List<Path> created) {
        for (Path p : created) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the next JVM that starts removes a stale performance-data file anyway
            }
        }
    }

    /** lchown: a link put in the file's place meanwhile is changed itself, not what it points to. */
    private static void setOwner(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var set = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) if ((mode & (1 << i)) != 0) set.add(bits[i]);
        return set;
    }

    /** The performance-data files mapped by the processes of the tree rooted at {@code root}, with a pid mapping each. */
    static Map<Path, Integer> mappedBy(int root) {
        var found = new LinkedHashMap<Path, Integer>();
        String ownMnt = mountNamespace("self");
        if (ownMnt == null) return found;
        for (int pid : tree(root)) {
            if (!ownMnt.equals(mountNamespace(Integer.toString(pid)))) continue;
            List<String> maps;
            try {
                maps = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "maps"), StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                continue; // ended meanwhile
            }
            for (String line : maps) {
                String[] f = line.trim().split("\\s+", 6);
                if (f.length < 6 || f[1].length() < 4 || f[1].charAt(3) != 's') continue;
                String path = f[5].trim();
                if (!path.startsWith("/") || path.endsWith(" (deleted)") || !ALLOWED.matcher(path).matches()) continue;
                found.putIfAbsent(Path.of(path), pid);
            }
        }
        return found;
    }

    /** The pid and its descendants, from {@code /proc/PID/task/TID/children}. */
    static List<Integer> tree(int root) {
        var out = new ArrayList<Integer>();
        var todo = new ArrayDeque<Integer>();
        todo.add(root);
        while (!todo.isEmpty()) {
            int pid = todo.poll();
            if (out.contains(pid)) continue;
            out.add(pid);
            try (var tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        for (String c : Files.readString(t.resolve("children")).trim().split("\\s+"))
                            if (!c.isEmpty()) todo.add(Integer.parseInt(c));
                    } catch (NoSuchFileException ignored) {
                        // the thread ended
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the process ended
            }
        }
        return out;
    }

    private static String mountNamespace(String pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "mnt")).toString();
        } catch (IOException e) {
            return null;
        }
    }
}
