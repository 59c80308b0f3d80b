package dev.cr.engine.archive;

import dev.cr.engine.CrException;

/** A pack or unpack that failed: a hostile or damaged archive, a file that cannot be read or written. */
public final class ArchiveException extends CrException {
    /**
     * A failure with its cause in words, the fix when one is known, and the exception behind it.
     *
     * @param operation what was being done, in words ("unpack of ckpt.tar.zst")
     * @param cause     what went wrong, in words
     * @param fix       what the user can do about it; null when nothing is known
     * @param source    the underlying exception; null when there is none
     */
    public ArchiveException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, null, source);
    }

    /**
     * A failure no other exception caused (a hostile entry, a checksum that does not match).
     *
     * @param operation what was being done, in words
     * @param cause     what went wrong, in words
     * @param fix       what the user can do about it; null when nothing is known
     */
    public ArchiveException(String operation, String cause, String fix) {
        this(operation, cause, fix, null);
    }
}
