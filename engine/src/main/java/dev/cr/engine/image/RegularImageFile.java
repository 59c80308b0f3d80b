package dev.cr.engine.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Opens a file of an image directory for reading, the only way the readers here open one. CRIU writes regular
 * files only, so anything else in a directory someone else made is refused before it is opened: a symbolic link
 * (it could lead to any file of the host, and cr inspect may run as root), a FIFO (opening it blocks until a
 * writer comes), a device ({@code /dev/zero} never ends). The open itself uses O_NOFOLLOW, so a link put in place
 * between the check and the open fails the open instead of being followed.
 *
 * <p>What stays open: a local user who owns the directory can swap the regular file for a FIFO between the check
 * and the open, and make this reader wait. That only stops the reader (see docs/security.md).
 */
final class RegularImageFile {
    private RegularImageFile() {}

    /** The file's attributes, not following a link; refuses anything but a regular file. */
    static BasicFileAttributes check(Path file, String operation) throws NoSuchFileException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageException(operation, file.toString(), -1, "a readable image file", e.toString(), e);
        }
        if (a.isRegularFile()) return a;
        String what = a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
                : a.isOther() ? "a FIFO, socket or device" : "not a regular file";
        throw new ImageException(operation, file.toString(), -1, "a regular file (CRIU writes nothing else)", what,
                "an image directory holds regular files only (and the 'parent' link); this one was changed by hand "
                        + "or made to mislead: do not read it as root", null);
    }

    /** Opens the checked file for reading; a link that appeared since the check fails the open (O_NOFOLLOW). */
    static FileChannel open(Path file, String operation) throws NoSuchFileException {
        check(file, operation);
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageException(operation, file.toString(), -1, "a readable image file", e.toString(), e);
        }
    }
}
