package dev.cr.engine.criu;

import dev.cr.engine.CrException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A failure of CRIU or of the engine around it: carries the classified {@link FailureCause} when one is known,
 * besides the operation, the cause in words, the fix, and the CRIU log.
 */
public class CriuException extends CrException {
    /** The known cause, or null when the log showed none of them. */
    private final FailureCause kind;

    /**
     * A failure with everything a person needs to act on it.
     *
     * @param operation what was being done ("dump of pid 42")
     * @param kind      the known cause, or null when none was recognised
     * @param cause     what went wrong, in words
     * @param fix       what to do about it; null when nothing is known
     * @param logPath   CRIU's log of the operation; null when CRIU did not run
     * @param logLines  the log lines that matter (errors with their context); empty when none
     * @param source    the underlying exception; null when there is none
     */
    public CriuException(String operation, FailureCause kind, String cause, String fix, Path logPath,
                         List<String> logLines, Throwable source) {
        super(operation, cause, fix, logPath, logLines, source);
        this.kind = kind;
    }

    /**
     * One of the known causes, with its own words and fix, found before CRIU ran (no log).
     *
     * @param operation what was being done
     * @param kind      the cause
     */
    public CriuException(String operation, FailureCause kind) {
        this(operation, kind, kind.summary(), kind.fix(), null, List.of(), null);
    }

    /** {@return the known cause, or empty when the log showed none of them} */
    public Optional<FailureCause> kind() { return Optional.ofNullable(kind); }

    /** libcriu.so.2 cannot be loaded. */
    public static final class LibCriuMissing extends CriuException {
        /**
         * libcriu could not be loaded.
         *
         * @param operation what was being done
         * @param detail    what the loader said
         */
        public LibCriuMissing(String operation, String detail) {
            super(operation, FailureCause.LIBCRIU_MISSING, FailureCause.LIBCRIU_MISSING.summary() + " (" + detail + ")",
                    FailureCause.LIBCRIU_MISSING.fix(), null, List.of(), null);
        }
    }

    /** No CRIU executable found. */
    public static final class CriuMissing extends CriuException {
        /**
         * No CRIU executable in any place looked at.
         *
         * @param operation what was being done
         * @param detail    the places looked at, in words
         */
        public CriuMissing(String operation, String detail) {
            super(operation, FailureCause.CRIU_MISSING, detail, FailureCause.CRIU_MISSING.fix(), null, List.of(), null);
        }
    }

    /** The CRIU found is older than the engine needs. */
    public static final class CriuTooOld extends CriuException {
        /**
         * The CRIU found is too old.
         *
         * @param operation what was being done
         * @param binary    the executable
         * @param found     the version it reported
         */
        public CriuTooOld(String operation, Path binary, CriuVersion found) {
            super(operation, FailureCause.CRIU_TOO_OLD, "CRIU " + found + " at " + binary + " is older than "
                    + CriuVersion.MINIMUM + " (older CRIU fails on this kernel's vDSO or on inet sockets of Linux 6.16+)",
                    FailureCause.CRIU_TOO_OLD.fix(), null, List.of(), null);
        }
    }

    /** The caller is not root. */
    public static final class NotRoot extends CriuException {
        /**
         * The caller is not root.
         *
         * @param operation what was being done
         */
        public NotRoot(String operation) {
            super(operation, FailureCause.NOT_ROOT);
        }
    }

    /** CRIU runs but cannot work on this kernel ({@code criu check} fails). */
    public static final class CriuUnusable extends CriuException {
        /**
         * {@code criu check} failed.
         *
         * @param operation what was being done
         * @param binary    the executable
         * @param detail    how it failed, in words
         * @param lines     what it printed, errors first
         */
        public CriuUnusable(String operation, Path binary, String detail, List<String> lines) {
            super(operation, FailureCause.CRIU_UNUSABLE, "CRIU at " + binary + " cannot run on this kernel: " + detail,
                    FailureCause.CRIU_UNUSABLE.fix(), null, lines, null);
        }
    }
}
