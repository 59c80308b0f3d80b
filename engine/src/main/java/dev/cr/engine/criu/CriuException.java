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
    private final FailureCause kind;

    public CriuException(String operation, FailureCause kind, String cause, String fix, Path logPath,
                         List<String> logLines, Throwable source) {
        super(operation, cause, fix, logPath, logLines, source);
        this.kind = kind;
    }

    /** One of the known causes, with its own words and fix. */
    public CriuException(String operation, FailureCause kind) {
        this(operation, kind, kind.summary(), kind.fix(), null, List.of(), null);
    }

    /** {@return the known cause, or empty when the log showed none of them} */
    public Optional<FailureCause> kind() { return Optional.ofNullable(kind); }

    /** libcriu.so.2 cannot be loaded. */
    public static final class LibCriuMissing extends CriuException {
        public LibCriuMissing(String operation, String detail) {
            super(operation, FailureCause.LIBCRIU_MISSING, FailureCause.LIBCRIU_MISSING.summary() + " (" + detail + ")",
                    FailureCause.LIBCRIU_MISSING.fix(), null, List.of(), null);
        }
    }

    /** No CRIU executable found. */
    public static final class CriuMissing extends CriuException {
        public CriuMissing(String operation, String detail) {
            super(operation, FailureCause.CRIU_MISSING, detail, FailureCause.CRIU_MISSING.fix(), null, List.of(), null);
        }
    }

    /** The CRIU found is older than the engine needs. */
    public static final class CriuTooOld extends CriuException {
        public CriuTooOld(String operation, Path binary, CriuVersion found) {
            super(operation, FailureCause.CRIU_TOO_OLD, "CRIU " + found + " at " + binary + " is older than "
                    + CriuVersion.MINIMUM + " (older CRIU fails on this kernel's vDSO or on inet sockets of Linux 6.16+)",
                    FailureCause.CRIU_TOO_OLD.fix(), null, List.of(), null);
        }
    }

    /** The caller is not root. */
    public static final class NotRoot extends CriuException {
        public NotRoot(String operation) {
            super(operation, FailureCause.NOT_ROOT);
        }
    }

    /** CRIU runs but cannot work on this kernel ({@code criu check} fails). */
    public static final class CriuUnusable extends CriuException {
        public CriuUnusable(String operation, Path binary, String detail, List<String> lines) {
            super(operation, FailureCause.CRIU_UNUSABLE, "CRIU at " + binary + " cannot run on this kernel: " + detail,
                    FailureCause.CRIU_UNUSABLE.fix(), null, lines, null);
        }
    }
}
