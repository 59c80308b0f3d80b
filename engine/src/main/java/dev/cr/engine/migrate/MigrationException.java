package dev.cr.engine.migrate;

import dev.cr.engine.CrException;

import java.nio.file.Path;
import java.util.List;

/** A migration, a trust step or the target service failed; the message says what happened to the workload. */
public class MigrationException extends CrException {
    /**
     * A failure with its cause, fix and the exception behind it.
     *
     * @param operation what was being done, in words ("migration of pid 42 to host:7070")
     * @param cause     what went wrong and what became of the workload, in words
     * @param fix       what the user can do about it; null when nothing is known
     * @param source    the underlying exception; null when there is none
     */
    public MigrationException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, null, source);
    }

    /**
     * A failure no other exception caused.
     *
     * @param operation what was being done, in words
     * @param cause     what went wrong and what became of the workload, in words
     * @param fix       what the user can do about it; null when nothing is known
     */
    public MigrationException(String operation, String cause, String fix) {
        this(operation, cause, fix, null);
    }

    /**
     * A failure that a CRIU or LXC run on either side explains.
     *
     * @param operation what was being done, in words
     * @param cause     what went wrong and what became of the workload, in words
     * @param fix       what the user can do about it; null when nothing is known
     * @param log       the log of that run (on the side that has it); null when none
     * @param lines     the lines of that log that matter; null or empty when none
     * @param source    the underlying exception; null when there is none
     */
    public MigrationException(String operation, String cause, String fix, Path log, List<String> lines, Throwable source) {
        super(operation, cause, fix, log, lines, source);
    }

    /** The target refused us: unknown client without a valid one-time token. */
    public static final class NotTrusted extends MigrationException {
        /**
         * The target's refusal.
         *
         * @param operation what was being done
         * @param detail    the target's reason, in words
         */
        public NotTrusted(String operation, String detail) {
            super(operation, "the target does not trust this host: " + detail + "; nothing was sent",
                    "make a new join token on the target and give it to the migration (a token works once)");
        }
    }
}
