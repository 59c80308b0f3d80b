package dev.cr.engine.archive;

import dev.cr.engine.image.FileContents;
import dev.cr.engine.image.ImageException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The entries of an archive read in place, by name: an index of an uncompressed tar ({@link TarIndex}), or what
 * one pass through a compressed one kept ({@link DecompressedArchive}). Names are normalised once, when the
 * entries are listed, and the hostile-archive rules are applied then: no absolute name, no {@code ..}, no name
 * twice, no more than {@link SafeExtraction#MAX_ENTRIES} entries; an uncompressed archive's entries must also lie
 * inside the file and not overlap.
 */
interface ArchiveEntries extends AutoCloseable {
    /** The archive file, for messages. */
    String archive();

    /** The entry of that normalised name, or null. */
    ArchiveEntry entry(String name);

    /** Every entry, in archive order. */
    Collection<ArchiveEntry> entries();

    /** A regular file's bytes as a stream. */
    InputStream open(ArchiveEntry e);

    /** A regular file's bytes for reads at positions. */
    FileContents contents(ArchiveEntry e);

    @Override
    void close();

    /** Removes "./" and empty components; refuses absolute names and "..". Returns "" for the archive's root. */
    static String normalise(String raw, String op) {
        if (raw.startsWith("/")) throw refuse(raw, "it has an absolute path", op);
        List<String> parts = new ArrayList<>();
        for (String p : raw.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) throw refuse(raw, "its path contains '..'", op);
            parts.add(p);
        }
        return String.join("/", parts);
    }

    static ArchiveException refuse(String entry, String why, String op) {
        return new ArchiveException(op, "refused entry '" + entry + "': " + why,
                "the archive is damaged or was made to mislead; read only archives from a source you trust, or repack it with cr pack");
    }

    /** A file that is an entry of another kind, in the image layer's words (the explorers report ImageExceptions). */
    static ImageException notAFile(String archive, ArchiveEntry e) {
        return new ImageException("read of " + e.name(), archive + ":" + e.name(), -1, "a regular file",
                e.kind().words + (e.link() == null || e.link().isEmpty() ? "" : " to '" + e.link() + "'")
                        + " (refused: a checkpoint's files in an archive must be regular files)", null);
    }
}
