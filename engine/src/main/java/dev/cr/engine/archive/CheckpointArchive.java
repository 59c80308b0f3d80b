package dev.cr.engine.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Checkpoint directories as archives: a tar stream (optionally zstd, gzip or xz compressed) whose last entry is
 * a {@link Manifest} of sizes and SHA-256 checksums. Packing and unpacking stream: memory stays bounded
 * whatever the checkpoint size. Unpacking is safe against hostile archives (see {@link SafeExtraction}), checks
 * every file against the manifest, and writes into a temporary directory beside the target that is renamed
 * into place only when everything checked out, so a failed unpack leaves nothing behind.
 */
public final class CheckpointArchive {
    /** Default most bytes an archive may expand to: far above any checkpoint of this machine, far below a full disk. */
    public static final long DEFAULT_MAX_BYTES = 64L << 30;
    /** The name CRIU gives the link from an incremental dump to its parent (pre-dump) directory. */
    static final String PARENT = "parent";

    private CheckpointArchive() {}

    /**
     * Packs {@code dir} into the file {@code archive}, written beside it first and renamed when complete.
     *
     * @param dir     the checkpoint directory CRIU wrote
     * @param archive the archive file to write; replaced if it exists, and left untouched if the pack fails
     * @param options the compression and whether to pack the parent chain
     * @return what was packed: files, bytes, the manifest
     * @throws ArchiveException when {@code dir} is not a directory, a file cannot be read, or the archive cannot be
     *     written
     */
    public static PackResult pack(Path dir, Path archive, PackOptions options) {
        String op = "pack of " + dir + " into " + archive;
        Path abs = archive.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".cr-pack-" + ProcessHandle.current().pid());
        try {
            PackResult r;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                r = pack(dir, out, options, op);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return r;
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot write the archive: " + e.getMessage(),
                    "check that the directory of " + archive + " exists, is writable and has space", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is named after our pid, so it is recognisable
            }
        }
    }

    /**
     * Packs {@code dir} as a stream into {@code out}; {@code out} is flushed, not closed.
     *
     * @param dir     the checkpoint directory CRIU wrote
     * @param out     receives the archive's bytes as they are made (a socket, standard output)
     * @param options the compression and whether to pack the parent chain
     * @return what was packed: files, bytes, the manifest
     * @throws ArchiveException when {@code dir} is not a directory, a file cannot be read, or writing to {@code out}
     *     fails
     */
    public static PackResult pack(Path dir, OutputStream out, PackOptions options) {
        return pack(dir, out, options, "pack of " + dir);
    }

    private static PackResult pack(Path dir, OutputStream out, PackOptions options, String op) {
        if (!Files.isDirectory(dir))
            throw new ArchiveException(op, dir + " is not a directory", "give the checkpoint directory to pack");
        TarWriter.Counting counted = new TarWriter.Counting(new TarWriter.NonClosing(out));
        Manifest manifest = new Manifest();
        try {
            OutputStream compressed = options.compression().compress(new BufferedOutputStream(counted, 1 << 16));
            try (TarWriter tar = new TarWriter(compressed, false)) {
                Set<Path> chain = new HashSet<>();
                chain.add(dir.toRealPath());
                addTree(tar, dir, "", true, options.withParents(), chain, manifest, op);
                tar.bytes(Manifest.NAME, manifest.encode(), 0644);
                tar.finish();
            }
            out.flush();
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot pack: " + e.getMessage(), null, e);
        } catch (UncheckedIOException e) {
            throw new ArchiveException(op, "cannot pack: " + e.getCause().getMessage(), null, e);
        }
        return new PackResult(manifest.files(), manifest.bytes(), counted.count());
    }

    private static void addTree(TarWriter tar, Path dir, String prefix, boolean checkpointRoot,
                                boolean withParents, Set<Path> chain, Manifest manifest, String op) throws IOException {
        for (Path child : TarWriter.children(dir)) {
            String fileName = child.getFileName().toString();
            if (fileName.contains("\n") || fileName.contains("\t"))
                throw new ArchiveException(op, "the file name " + child + " contains a tab or a newline", "rename it");
            String name = prefix + fileName;
            PosixFileAttributes attrs = TarWriter.attributes(child);
            if (attrs.isSymbolicLink() && checkpointRoot && fileName.equals(PARENT)) {
                if (!withParents)
                    throw new ArchiveException(op, dir + " is an incremental checkpoint: its 'parent' link points to "
                            + Files.readSymbolicLink(child) + ", which the archive would not contain",
                            "pack with withParents(true) to include the parent chain");
                Path real = child.toRealPath();
                if (!chain.add(real))
                    throw new ArchiveException(op, "the parent chain of " + dir + " loops back to " + real, "fix the 'parent' links");
                putDir(tar, name, manifest);
                addTree(tar, real, name + "/", true, true, chain, manifest, op);
            } else if (attrs.isSymbolicLink()) {
                String target = Files.readSymbolicLink(child).toString();
                tar.link(name, target);
                manifest.add(name, new Manifest.Link(target));
            } else if (attrs.isDirectory()) {
                putDir(tar, name, manifest);
                addTree(tar, child, name + "/", false, withParents, chain, manifest, op);
            } else if (attrs.isRegularFile()) {
                MessageDigest sha = SafeExtraction.sha256();
                if (tar.file(name, child, attrs, sha) != attrs.size())
                    throw new ArchiveException(op, child + " shrank while it was packed", "do not change a checkpoint while packing it");
                manifest.add(name, new Manifest.File(attrs.size(), HexFormat.of().formatHex(sha.digest())));
            } else {
                throw new ArchiveException(op, child + " is a special file (device, FIFO or socket)",
                        "a checkpoint directory holds only files, directories and links; remove it");
            }
        }
    }

    private static void putDir(TarWriter tar, String name, Manifest manifest) throws IOException {
        tar.directory(name, 040755);
        manifest.add(name, new Manifest.Dir());
    }

    /**
     * Unpacks the archive file into {@code target}, which must not exist or be an empty directory.
     *
     * @param archive an archive made by {@code cr pack}, compressed or not
     * @param target  where the checkpoint goes; at most {@link #DEFAULT_MAX_BYTES} are written
     * @return what was unpacked
     * @throws ArchiveException when the target is taken, the archive is damaged or hostile (a path out of the target, a
     *     device, too many bytes), or a file does not match the manifest; nothing is left behind then
     */
    public static UnpackResult unpack(Path archive, Path target) {
        return unpack(archive, target, DEFAULT_MAX_BYTES);
    }

    /**
     * As {@link #unpack(Path, Path)}, with a limit on the bytes written.
     *
     * @param archive an archive made by {@code cr pack}, compressed or not
     * @param target  where the checkpoint goes: absent or an empty directory
     * @param maxBytes the most file bytes the archive may expand to
     * @return what was unpacked
     * @throws ArchiveException as {@link #unpack(Path, Path)}, or when the files pass {@code maxBytes}
     */
    public static UnpackResult unpack(Path archive, Path target, long maxBytes) {
        String op = "unpack of " + archive + " into " + target;
        if (!Files.isRegularFile(archive))
            throw new ArchiveException(op, archive + " is not a file", "give the path of an archive made by cr pack");
        try (InputStream in = Files.newInputStream(archive)) {
            return unpack(in, target, maxBytes, op);
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot read " + archive + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Unpacks a stream (for example from standard input or a socket); the stream is not closed.
     *
     * @param in      the archive's bytes, compressed or not
     * @param target  where the checkpoint goes: absent or an empty directory
     * @param maxBytes the most file bytes the archive may expand to
     * @return what was unpacked
     * @throws ArchiveException as {@link #unpack(Path, Path, long)}
     */
    public static UnpackResult unpack(InputStream in, Path target, long maxBytes) {
        return unpack(in, target, maxBytes, "unpack into " + target);
    }

    private static UnpackResult unpack(InputStream in, Path target, long maxBytes, String op) {
        Path dest = target.toAbsolutePath().normalize();
        checkTarget(dest, op);
        Path tmp = StagingDir.create(dest, "unpack", op);
        boolean done = false;
        try {
            SafeExtraction x = new SafeExtraction(tmp, maxBytes, op);
            x.extract(decompress(in, op), name -> name);
            verify(x, op);
            StagingDir.commit(tmp, dest, op);
            done = true;
            Manifest seen = x.seen();
            return new UnpackResult(dest, seen.files(), seen.bytes());
        } finally {
            if (!done) StagingDir.remove(tmp);
        }
    }

    static InputStream decompress(InputStream in, String op) {
        try {
            return Compression.decompress(new NonClosingInput(in));
        } catch (IOException e) {
            throw new ArchiveException(op, "the archive's compression header cannot be read: " + e.getMessage(),
                    "check that the file is a complete archive", e);
        }
    }

    private static void checkTarget(Path dest, String op) {
        if (!StagingDir.isFreeTarget(dest))
            throw new ArchiveException(op, dest + " already exists and is not an empty directory",
                    "unpack into a new directory; nothing existing is overwritten");
    }

    private static void verify(SafeExtraction x, String op) {
        byte[] raw = x.manifestBytes();
        if (raw == null)
            throw new ArchiveException(op, "the archive has no " + Manifest.NAME
                    + " entry: it is truncated, or it was not made by cr pack",
                    "copy the archive again; for a Podman or CRI-O checkpoint use cr inspect");
        Manifest expected;
        try {
            expected = Manifest.decode(new java.io.ByteArrayInputStream(raw));
        } catch (IOException e) {
            throw new ArchiveException(op, "the archive's manifest is damaged: " + e.getMessage(), "copy the archive again", e);
        }
        Map<String, Manifest.Entry> seen = x.seen().entries();
        for (var e : expected.entries().entrySet()) {
            Manifest.Entry got = seen.get(e.getKey());
            if (got == null)
                throw new ArchiveException(op, "'" + e.getKey() + "' is listed in the manifest but missing from the archive",
                        "copy the archive again");
            if (!got.equals(e.getValue()))
                throw new ArchiveException(op, "'" + e.getKey() + "' does not match the manifest ("
                        + describe(got) + " in the archive, " + describe(e.getValue()) + " in the manifest)",
                        "the archive was damaged or changed after packing; copy it again");
        }
        for (String name : seen.keySet()) {
            if (!expected.entries().containsKey(name))
                throw new ArchiveException(op, "'" + name + "' is in the archive but not in its manifest",
                        "the archive was changed after packing; copy it again");
        }
    }

    private static String describe(Manifest.Entry e) {
        return switch (e) {
            case Manifest.File f -> f.size() + " bytes, sha256 " + f.sha256().substring(0, 12) + "…";
            case Manifest.Link l -> "a link to " + l.target();
            case Manifest.Dir d -> "a directory";
        };
    }

    static final class NonClosingInput extends java.io.FilterInputStream {
        NonClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
