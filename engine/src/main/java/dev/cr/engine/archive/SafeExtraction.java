package dev.cr.engine.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Extracts the entries of a tar stream into a directory without ever writing outside it. Every entry is
 * checked before anything is written for it: no absolute path, no {@code ..}, no link that points out of
 * the directory, no entry that goes through a link, no device file or FIFO, no entry twice, and the sum of
 * the sizes stays under a limit (an archive that expands without end is a "size bomb"). A refused entry
 * stops the extraction with an {@link ArchiveException} that names it; the caller removes what was written.
 *
 * <p>Public so that other readers of tar streams (registry layers) extract by the same rules as {@code cr unpack};
 * one instance may extract several streams into one root, and its checks then hold across all of them.
 *
 * <p>What was extracted is recorded as a {@link Manifest} (sizes and SHA-256 computed while writing), so
 * that the caller can compare it with the manifest the archive carried.
 */
public final class SafeExtraction {
    /** More entries than this in one archive is treated like a size bomb: inodes are a resource too. */
    static final int MAX_ENTRIES = 1_000_000;
    /** A manifest larger than this is not one cr wrote. */
    static final int MAX_MANIFEST = 64 << 20;

    private final Path root;
    private final long maxBytes;
    private final String operation;
    private final boolean hashFiles;
    private final Manifest seen = new Manifest();
    /** Every symbolic link extracted so far, by name. */
    private final Set<String> links = new HashSet<>();
    /**
     * Every path some extracted link's target walks through as a directory, with the link that walks it. None of
     * them may be (or become) a link: the kernel resolves "s/.." physically, so a link whose text stays inside
     * can still leave through another link ("s -> ." and "x -> s/s/../../etc/hostname").
     */
    private final java.util.Map<String, String> walkedByLinks = new java.util.HashMap<>();
    private long written;
    private int entries;
    private byte[] manifestBytes;

    /**
     * An extraction that also takes the SHA-256 of every file, for checking against a cr manifest.
     *
     * @param root      the directory to extract into; it must exist and be empty
     * @param maxBytes  the most file bytes the archive may expand to
     * @param operation what is being done, for error messages ("unpack of ckpt.tar.zst")
     */
    public SafeExtraction(Path root, long maxBytes, String operation) {
        this(root, maxBytes, operation, true);
    }

    private SafeExtraction(Path root, long maxBytes, String operation, boolean hashFiles) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.operation = operation;
        this.hashFiles = hashFiles;
    }

    /**
     * For streams whose integrity the caller checks as a whole (a registry blob against its digest): the same
     * rules, without a SHA-256 of every file (the {@link #seen()} manifest then has empty checksums). Hashing
     * every file again cost about 0.4 s per 512 MiB here.
     *
     * @param root      the directory to extract into; it must exist and be empty
     * @param maxBytes  the most file bytes the archive may expand to
     * @param operation what is being done, for error messages
     * @return the extraction
     */
    public static SafeExtraction ofVerifiedStream(Path root, long maxBytes, String operation) {
        return new SafeExtraction(root, maxBytes, operation, false);
    }

    /**
     * Extracts the entries whose normalised name {@code select} maps to a non-null path (relative to the root);
     * the others are skipped unread. The cr manifest entry is kept in memory, not written.
     *
     * @param tarStream the uncompressed tar stream; read to its end, not closed
     * @param select    maps an entry's normalised name to its path under the root, or to null to skip it
     * @throws ArchiveException on a hostile entry (absolute path, "..", a path through a link, a device or FIFO, a hard
     *     link), on more bytes than allowed, or when the stream cannot be read
     */
    public void extract(InputStream tarStream, Function<String, String> select) {
        String current = null;
        try {
            TarBudget budget = new TarBudget(tarStream, maxBytes);
            TarArchiveInputStream tar = new TarArchiveInputStream(budget);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                current = entry.getName();
                budget.entry(entry.getSize());
                if (++entries > MAX_ENTRIES)
                    throw refuse(current, "the archive has more than " + MAX_ENTRIES + " entries");
                String name = normalise(current);
                if (name.isEmpty()) continue; // the archive's own root directory, "./"
                if (name.equals(Manifest.NAME)) {
                    if (entry.getSize() > MAX_MANIFEST) throw refuse(current, "the manifest is larger than " + MAX_MANIFEST + " bytes");
                    manifestBytes = tar.readAllBytes();
                    continue;
                }
                String dest = select.apply(name);
                if (dest == null) continue;
                write(tar, entry, current, dest);
            }
        } catch (TarBudget.Exceeded e) {
            throw new ArchiveException(operation, "refused the archive " + (current == null ? "at its first entry"
                    : (e.header ? "after entry '" + current + "'" : "at entry '" + current + "'")) + ": " + e.getMessage(),
                    "nothing was written to the target; only unpack archives from a source you trust, or pack it again with cr", e);
        } catch (EOFException e) {
            throw new ArchiveException(operation, "the archive is truncated"
                    + (current == null ? "" : " (in entry '" + current + "')"),
                    "copy the archive again from its source; it ends before its last entry", e);
        } catch (IOException e) {
            throw new ArchiveException(operation, "the archive cannot be read"
                    + (current == null ? "" : " at entry '" + current + "'") + ": " + e.getMessage(),
                    "check that the file is a complete tar archive (optionally zstd, gzip or xz compressed)", e);
        }
    }

    /** {@return what was extracted, as a manifest} */
    public Manifest seen() {
        return seen;
    }

    /** The manifest entry's bytes, or null when the archive had none. */
    byte[] manifestBytes() {
        return manifestBytes;
    }

    /** Removes leading "./" and "/"-less empty components; refuses absolute names and "..". */
    private String normalise(String raw) {
        if (raw.startsWith("/")) throw refuse(raw, "it has an absolute path");
        List<String> parts = new ArrayList<>();
        for (String p : raw.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) throw refuse(raw, "its path contains '..'");
            parts.add(p);
        }
        return String.join("/", parts);
    }

    private void write(TarArchiveInputStream tar, TarArchiveEntry entry, String raw, String name) throws IOException {
        for (String link : links) {
            if (name.startsWith(link + "/")) throw refuse(raw, "it goes through the symbolic link '" + link + "'");
        }
        Path dest = root.resolve(name);
        if (entry.isCharacterDevice() || entry.isBlockDevice()) throw refuse(raw, "it is a device file");
        if (entry.isFIFO()) throw refuse(raw, "it is a FIFO");
        if (entry.isSymbolicLink()) {
            String target = entry.getLinkName();
            if (!pointsInside(name, target)) throw refuse(raw, "it is a link pointing out of the directory (to '" + target + "')");
            String walker = walkedByLinks.get(name);
            if (walker != null)
                throw refuse(raw, "the link '" + walker + "' resolves through it, and a link there could lead it out of the directory");
            List<String> walked = walkedDirectories(name, target);
            for (String dir : walked) {
                if (links.contains(dir))
                    throw refuse(raw, "its target '" + target + "' goes through the symbolic link '" + dir
                            + "', which the kernel resolves before '..' (it could lead out of the directory)");
            }
            Files.createDirectories(dest.getParent());
            try {
                Files.createSymbolicLink(dest, Path.of(target));
            } catch (FileAlreadyExistsException e) {
                throw refuse(raw, "it appears twice in the archive");
            }
            links.add(name);
            for (String dir : walked) walkedByLinks.putIfAbsent(dir, name);
            seen.add(name, new Manifest.Link(target));
        } else if (entry.isLink()) {
            String target = entry.getLinkName();
            String inside = target.startsWith("/") ? null : resolveInside("", target);
            if (inside == null) throw refuse(raw, "it is a hard link pointing out of the directory (to '" + target + "')");
            if (!(seen.entries().get(inside) instanceof Manifest.File f))
                throw refuse(raw, "it is a hard link to '" + target + "', which is not a file extracted before it");
            Files.createDirectories(dest.getParent());
            Files.createLink(dest, root.resolve(inside));
            seen.add(name, f);
        } else if (entry.isDirectory()) {
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS))
                throw refuse(raw, "it appears twice in the archive");
            Files.createDirectories(dest);
            seen.add(name, new Manifest.Dir());
        } else if (entry.isFile()) {
            long size = entry.getSize();
            if (size < 0 || written + size > maxBytes)
                throw refuse(raw, "the archive expands past the limit of " + maxBytes + " bytes");
            Files.createDirectories(dest.getParent());
            MessageDigest sha = sha256();
            long copied = 0;
            try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = tar.read(buf)) > 0) {
                    copied += n;
                    if (written + copied > maxBytes)
                        throw refuse(raw, "the archive expands past the limit of " + maxBytes + " bytes");
                    if (hashFiles) sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            } catch (FileAlreadyExistsException e) {
                throw refuse(raw, "it appears twice in the archive");
            }
            if (copied != size) throw new EOFException("entry ended after " + copied + " of " + size + " bytes");
            written += copied;
            Files.setPosixFilePermissions(dest, permissions(entry.getMode()));
            seen.add(name, new Manifest.File(size, hashFiles ? HexFormat.of().formatHex(sha.digest()) : ""));
        } else {
            throw refuse(raw, "its tar entry type is not supported (only files, directories and links are)");
        }
    }

    /** Whether a link at {@code name} with relative {@code target} stays inside the root. */
    private static boolean pointsInside(String name, String target) {
        if (target.isEmpty() || target.startsWith("/")) return false;
        int slash = name.lastIndexOf('/');
        return resolveInside(slash < 0 ? "" : name.substring(0, slash), target) != null;
    }

    /**
     * The paths (relative to the root) that resolving the link {@code name -> target} walks through as directories:
     * every component that is followed by another one, "..", included. The kernel follows a link met there, and
     * applies ".." to where that link leads, so each of them must be a real directory.
     */
    private static List<String> walkedDirectories(String name, String target) {
        List<String> parts = new ArrayList<>();
        int slash = name.lastIndexOf('/');
        if (slash > 0) for (String p : name.substring(0, slash).split("/")) parts.add(p);
        List<String> walked = new ArrayList<>();
        String[] steps = target.split("/");
        for (int i = 0; i < steps.length; i++) {
            String p = steps[i];
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                parts.removeLast(); // pointsInside checked that this never leaves the root
                continue;
            }
            parts.add(p);
            boolean more = false;
            for (int j = i + 1; j < steps.length; j++) more |= !steps[j].isEmpty(); // "s/." walks s too
            if (more) walked.add(String.join("/", parts));
        }
        return walked;
    }

    /** Resolves {@code target} against directory {@code base} (both relative to the root), or null if it leaves it. */
    private static String resolveInside(String base, String target) {
        List<String> parts = new ArrayList<>();
        for (String p : base.split("/")) if (!p.isEmpty()) parts.add(p);
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.removeLast();
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    /** Only the rwx bits: set-id and sticky bits from an archive are dropped. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) if ((mode & (1 << i)) != 0) set.add(order[i]);
        set.add(PosixFilePermission.OWNER_READ); // the extracting user must be able to read what it unpacked
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private ArchiveException refuse(String entry, String why) {
        return new ArchiveException(operation, "refused entry '" + entry + "': " + why,
                "nothing was written to the target; only unpack archives from a source you trust, or pack it again with cr");
    }
}
