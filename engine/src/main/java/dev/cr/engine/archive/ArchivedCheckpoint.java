package dev.cr.engine.archive;

import dev.cr.engine.image.CheckpointFiles;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.PageCapture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint archive read in place: one made by {@code cr pack} (CRIU images at its root, a packed pre-dump
 * chain under {@code parent/}), or a container engine's (Podman {@code container checkpoint --export}, CRI-O,
 * containerd: the images under {@code checkpoint/}, with {@code config.dump}, {@code spec.dump} and CRIU's
 * {@code stats-dump} beside it). Nothing is extracted: an uncompressed archive is indexed once and its files are
 * read at their offsets (see {@link TarIndex}); a compressed one is decompressed once, keeping its image files
 * and only the pages a {@link PageCapture} names (see {@link DecompressedArchive}). Close it to release the file
 * (and the temporary copy a compressed archive's memory search needs).
 */
public final class ArchivedCheckpoint implements AutoCloseable {
    /** Where the images are in the archive. */
    public enum Layout {
        /** Made by {@code cr pack}: images at the root. */
        CR_PACK,
        /** Made by a container engine: images under {@code checkpoint/}, the engine's files beside it. */
        CONTAINER
    }

    private static final String CONTAINER_IMAGES = "checkpoint/";

    private final Path archive;
    private final ArchiveEntries entries;
    private final Compression compression;
    private final Layout layout;
    private final ArchiveFiles images;

    private ArchivedCheckpoint(Path archive, ArchiveEntries entries, Compression compression, Layout layout) {
        this.archive = archive;
        this.entries = entries;
        this.compression = compression;
        this.layout = layout;
        this.images = layout == Layout.CONTAINER
                ? new ArchiveFiles(entries, CONTAINER_IMAGES, Map.of("stats-dump", "stats-dump"), true, 0)
                : new ArchiveFiles(entries, "", Map.of(), true, 0);
    }

    /**
     * Opens the archive for views that read no page, or that read them all.
     *
     * @param archive the archive file: tar, optionally zstd, gzip or xz compressed
     * @return the open archive, to be closed; not thread-safe
     * @throws ArchiveException when the file is not a readable tar archive or holds no CRIU images
     */
    public static ArchivedCheckpoint open(Path archive) {
        return open(archive, PageCapture.NONE);
    }

    /**
     * Opens the archive; for a compressed one, {@code capture} says which pages to keep on the way through
     * (for example {@code CommandLines.capture(false)} for a process tree with command lines).
     *
     * @param archive the archive file: tar, optionally zstd, gzip or xz compressed
     * @param capture which pages of a compressed archive to keep; ignored for an uncompressed one, whose pages are all
     *     read in place
     * @return the open archive, to be closed; not thread-safe
     * @throws ArchiveException when the file is not a readable tar archive or holds no CRIU images
     */
    public static ArchivedCheckpoint open(Path archive, PageCapture capture) {
        String op = "reading the checkpoint archive " + archive;
        if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(archive))
            throw new ArchiveException(op, archive + " is not a file",
                    "give the path of a checkpoint archive cr packed, or a Podman, CRI-O or containerd checkpoint archive");
        ArchiveEntries entries = null;
        try {
            FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ);
            Compression compression;
            try {
                ByteBuffer head = ByteBuffer.allocate(8);
                ch.read(head, 0);
                compression = Compression.detect(new java.io.ByteArrayInputStream(head.array(), 0, head.position()));
                if (compression == Compression.NONE) entries = TarIndex.open(archive.toString(), ch, op);
            } finally {
                if (entries == null) ch.close();
            }
            if (compression != Compression.NONE) entries = DecompressedArchive.read(archive, capture, op);
            ArchivedCheckpoint a = new ArchivedCheckpoint(archive, entries, compression, layout(entries, op));
            entries = null;
            return a;
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot read " + archive + ": " + e.getMessage(),
                    "check that the file is a complete tar archive (optionally zstd, gzip or xz compressed)", e);
        } finally {
            if (entries != null) entries.close();
        }
    }

    private static Layout layout(ArchiveEntries entries, String op) {
        for (String image : new String[] {"pstree.img", "inventory.img"}) {
            if (entries.entry(CONTAINER_IMAGES + image) != null) return Layout.CONTAINER;
        }
        for (String image : new String[] {"pstree.img", "inventory.img"}) {
            if (entries.entry(image) != null) return Layout.CR_PACK;
        }
        boolean container = entries.entry("checkpoint") != null || entries.entry("config.dump") != null;
        throw new ArchiveException(op, container
                ? "the archive has no CRIU images under checkpoint/ (no pstree.img or inventory.img there)"
                : "the archive holds no CRIU images: neither checkpoint/ (Podman, CRI-O, containerd) nor images at its root (as cr packs them)",
                "give a checkpoint archive; a container engine exports one with its checkpoint --export");
    }

    /** {@return the checkpoint's images (and its packed parents), for {@link ImageDir#open(CheckpointFiles)}} */
    public CheckpointFiles images() { return images; }

    /** {@return the images, opened for the explorers} */
    public ImageDir imageDir() { return ImageDir.open(images); }

    /**
     * {@return the archive file}
     */
    public Path archive() { return archive; }

    /**
     * {@return where the images are: at the root (cr pack) or under {@code checkpoint/} (a container engine)}
     */
    public Layout layout() { return layout; }

    /**
     * {@return the compression recognised from the archive's first bytes}
     */
    public Compression compression() { return compression; }

    /** {@return the container engine's configuration of the container (JSON), when the archive has it} */
    public Optional<byte[]> configDump() { return side("config.dump"); }

    /** {@return the OCI runtime spec of the container (JSON), when the archive has it} */
    public Optional<byte[]> specDump() { return side("spec.dump"); }

    /**
     * The size of an entry beside the images ({@code rootfs-diff.tar}), when the archive has it as a file.
     *
     * @param name the entry's path in the archive
     * @return its size in bytes; empty when there is no such entry or it is not a regular file
     */
    public Optional<Long> sideSize(String name) {
        ArchiveEntry e = entries.entry(name);
        return e != null && e.kind() == ArchiveEntry.Kind.FILE ? Optional.of(e.size()) : Optional.empty();
    }

    private Optional<byte[]> side(String name) {
        ArchiveEntry e = entries.entry(name);
        if (e == null || layout != Layout.CONTAINER) return Optional.empty();
        if (e.kind() != ArchiveEntry.Kind.FILE) throw ArchiveEntries.notAFile(entries.archive(), e);
        if (e.size() > DecompressedArchive.SIDE_MAX)
            throw ArchiveEntries.refuse(name, "it is larger than " + DecompressedArchive.SIDE_MAX + " bytes", "reading " + archive);
        try (InputStream in = entries.open(e)) {
            return Optional.of(in.readAllBytes());
        } catch (IOException ex) {
            throw new ArchiveException("reading " + name + " of " + archive, ex.getMessage(), null, ex);
        }
    }

    /** {@return how many times a compressed archive was decompressed so far (1 when the pages captured sufficed); 0 uncompressed} */
    public int passes() { return entries instanceof DecompressedArchive d ? d.passes() : 0; }

    @Override
    public void close() {
        entries.close();
    }
}
