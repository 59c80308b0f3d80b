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
    /** {@return where the files are, for messages: a directory, or an archive and the part of it that holds the images} */
    String where();

    /**
     * Where one file is, for messages.
     *
     * @param name a file name inside the checkpoint
     * @return its path, or the archive and the entry's name in it
     */
    String where(String name);

    /**
     * Whether a regular file of that name is there.
     *
     * @param name a file name inside the checkpoint
     * @return true when a regular file of that name is there; false for a link, a directory or nothing
     */
    boolean has(String name);

    /** {@return the names of the regular files, sorted} */
    List<String> names();

    /**
     * The size of a file in bytes.
     *
     * @param name a file name inside the checkpoint
     * @return its length in bytes
     * @throws ImageException when there is no such regular file
     */
    long size(String name);

    /**
     * The whole file as a stream, for image files (small: a few KiB each, a few MiB at most).
     *
     * @param name a file name inside the checkpoint
     * @return a stream of its bytes, to be closed by the caller
     * @throws ImageException when there is no such regular file or it cannot be opened
     */
    InputStream open(String name);

    /**
     * The file's bytes for reads at positions (pages files): nothing is loaded until a read asks for it.
     *
     * @param name a file name inside the checkpoint
     * @return its bytes, to be closed when no longer read
     * @throws ImageException when there is no such regular file or it cannot be opened
     */
    FileContents contents(String name);

    /** {@return the files of the checkpoint this one was made against (a pre-dump chain's parent), if any} */
    Optional<CheckpointFiles> parent();

    /** {@return the directory, when the files are those of a directory} */
    default Optional<Path> directory() { return Optional.empty(); }

    /**
     * One image file as a stream of entries.
     *
     * @param name an image file name inside the checkpoint, such as {@code pstree.img}
     * @return the image, positioned at its first entry; to be closed
     * @throws ImageException when the file is missing or its header is not a CRIU image
     */
    default ImageFile image(String name) {
        return ImageFile.open(open(name), where(name), size(name));
    }

    @Override
    void close();

    /**
     * A file that is not there, in the words every reader uses.
     *
     * @param files the checkpoint's files
     * @param name  the file that is not there
     * @param expected what it should have been, in words ("the pages file named by pagemap-1.img")
     * @return the exception to throw
     */
    static ImageException missing(CheckpointFiles files, String name, String expected) {
        return new ImageException("read of " + name, files.where(name), -1, expected, "no such file", null);
    }
}
