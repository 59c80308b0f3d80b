package dev.cr.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The checkpoint part of a Podman or CRI-O container checkpoint archive ({@code podman container checkpoint
 * --export}, CRI-O's checkpoint archives), extracted into a temporary directory for inspection: the CRIU images
 * under {@code checkpoint/}, and {@code stats-dump}, {@code config.dump} and {@code spec.dump} when present.
 * The root file system diff, volumes and the rest are skipped unread.
 * Close it to remove the temporary directory.
 *
 * <p>For reading a checkpoint, {@link ArchivedCheckpoint} reads the same archives in place without extracting
 * anything; this is for callers that need the files on disk (the registry's push makes layers of them).
 */
public final class PodmanCheckpoint implements AutoCloseable {
    private static final Set<String> SIDE_FILES = Set.of("stats-dump", "config.dump", "spec.dump");

    private final Path dir;

    private PodmanCheckpoint(Path dir) {
        this.dir = dir;
    }

    /**
     * Extracts the checkpoint part of the archive file (tar, optionally gzip or zstd compressed).
     *
     * @param archive a Podman or CRI-O checkpoint archive
     * @return the extracted checkpoint in a temporary directory, removed by {@link #close()}
     * @throws ArchiveException when the archive cannot be read, is hostile, or has no {@code checkpoint/} directory
     */
    public static PodmanCheckpoint open(Path archive) {
        return open(archive, CheckpointArchive.DEFAULT_MAX_BYTES);
    }

    /**
     * As {@link #open(Path)}, with a limit on the bytes extracted.
     *
     * @param archive  a Podman or CRI-O checkpoint archive
     * @param maxBytes the most file bytes the extracted part may take
     * @return the extracted checkpoint in a temporary directory, removed by {@link #close()}
     * @throws ArchiveException as {@link #open(Path)}, or when the files pass {@code maxBytes}
     */
    public static PodmanCheckpoint open(Path archive, long maxBytes) {
        String op = "reading the container checkpoint archive " + archive;
        if (!Files.isRegularFile(archive))
            throw new ArchiveException(op, archive + " is not a file", "give the path of a Podman or CRI-O checkpoint archive");
        Path tmp;
        try {
            tmp = Files.createTempDirectory("cr-podman-");
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot create a temporary directory: " + e.getMessage(), "check the space in /tmp", e);
        }
        boolean ok = false;
        try (InputStream in = Files.newInputStream(archive)) {
            SafeExtraction x = new SafeExtraction(tmp, maxBytes, op);
            x.extract(CheckpointArchive.decompress(in, op), PodmanCheckpoint::select);
            if (!Files.isDirectory(tmp.resolve("checkpoint"), LinkOption.NOFOLLOW_LINKS))
                throw new ArchiveException(op, "the archive has no checkpoint/ directory: it is not a Podman or CRI-O checkpoint archive",
                        "for an archive made by cr pack, use cr unpack");
            // Podman writes CRIU's stats-dump beside checkpoint/; the explorers look for it among the images.
            Path stats = tmp.resolve("stats-dump"), inImages = tmp.resolve("checkpoint").resolve("stats-dump");
            if (Files.isRegularFile(stats, LinkOption.NOFOLLOW_LINKS) && !Files.exists(inImages, LinkOption.NOFOLLOW_LINKS))
                Files.copy(stats, inImages);
            ok = true;
            return new PodmanCheckpoint(tmp);
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot read " + archive + ": " + e.getMessage(), null, e);
        } finally {
            if (!ok) StagingDir.remove(tmp);
        }
    }

    private static String select(String name) {
        if (name.equals("checkpoint") || name.startsWith("checkpoint/") || SIDE_FILES.contains(name)) return name;
        return null;
    }

    /** {@return the directory of CRIU images (the archive's {@code checkpoint/})} */
    public Path imagesDir() {
        return dir.resolve("checkpoint");
    }

    /** {@return the temporary directory holding everything extracted} */
    public Path root() {
        return dir;
    }

    /**
     * {@return CRIU's dump statistics written by Podman beside the images, when present}
     */
    public Optional<Path> statsDump() {
        return present("stats-dump");
    }

    /** {@return the container engine's configuration of the container (JSON), when present} */
    public Optional<Path> configDump() {
        return present("config.dump");
    }

    /** {@return the OCI runtime spec of the container (JSON), when present} */
    public Optional<Path> specDump() {
        return present("spec.dump");
    }

    private Optional<Path> present(String name) {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public void close() {
        StagingDir.remove(dir);
    }
}
