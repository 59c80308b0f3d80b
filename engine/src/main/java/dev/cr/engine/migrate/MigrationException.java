package dev.cr.engine.migrate;

import dev.cr.engine.CrException;

import java.nio.file.Path;
import java.util.List;

/** A migration, a trust step or the target service failed; the message says what happened to the workload. */
public class MigrationException extends CrException {
    public MigrationException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, null, source);
    }

    public MigrationException(String operation, String cause, String fix) {
        this(operation, cause, fix, null);
    }

    public MigrationException(String operation, String cause, String fix, Path log, List<String> lines, Throwable source) {
        super(operation, cause, fix, log, lines, source);
    }

    /** The target refused us: unknown client without a valid one-time token. */
    public static final class NotTrusted extends MigrationException {
        public NotTrusted(String operation, String detail) {
            super(operation, "the target does not trust this host: " + detail + "; nothing was sent",
                    "make a new join token on the target and give it to the migration (a token works once)");
        }
    }
}
