package dev.cr.engine.archive;

import dev.cr.engine.CrException;

/** A pack or unpack that failed: a hostile or damaged archive, a file that cannot be read or written. */
public final class ArchiveException extends CrException {
    public ArchiveException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, null, source);
    }

    public ArchiveException(String operation, String cause, String fix) {
        this(operation, cause, fix, null);
    }
}
