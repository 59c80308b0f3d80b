package dev.cr.engine.image;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files of one checkpoint, wherever they are kept: a directory CRIU wrote, or the entries of an archive read
 * in place (see {@code dev.cr.engine.archive.ArchivedCheckpoint}). {@link ImageDir} reads every image through this,
 * so the explorers work the same on both, and pages are read at positions without being copied anywhere first.
 *
 * <p>Names are the file names inside the checkpoint ({@code pstree.img}, {@code pages-1.img}). Only regular files
 * count: a link or a special file where a file is expected is refused when it is opened, with an
 * {@link ImageException} naming it. Implementations own what they open; closing the checkpoint's files closes them.
 */
public interface CheckpointFiles extends AutoCloseable {
    /** Where the files are, for messages: a directory, or an archive and the part of it that holds the images. */
    String where();

    /** Where one file is, for messages. */
    String where(String name);

    /** Whether a regular file of that name is there. */
    boolean has(String name);

    /** The names of the regular files, sorted. */
    List<String> names();

    /** The size of a file in bytes. */
    long size(String name);

    /** The whole file as a stream, for image files (small: a few KiB each, a few MiB at most). */
    InputStream open(String name);

    /** The file's bytes for reads at positions (pages files): nothing is loaded until a read asks for it. */
    FileContents contents(String name);

    /** The files of the checkpoint this one was made against (a pre-dump chain's parent), if any. */
    Optional<CheckpointFiles> parent();

    /** The directory, when the files are those of a directory. */
    default Optional<Path> directory() { return Optional.empty(); }

    /** One image file as a stream of entries. */
    default ImageFile image(String name) {
        return ImageFile.open(open(name), where(name), size(name));
    }

    @Override
    void close();

    /** A file that is not there, in the words every reader uses. */
    static ImageException missing(CheckpointFiles files, String name, String expected) {
        return new ImageException("read of " + name, files.where(name), -1, expected, "no such file", null);
    }
}
