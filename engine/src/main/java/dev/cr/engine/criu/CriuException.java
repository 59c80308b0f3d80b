package dev.cr.engine.criu;

import dev.cr.engine.CrException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A failure of CRIU or of the engine around it: carries the classified {@link FailureCause} when one is known,
 * besides the operation, the cause in words, the fix, and the CRIU log. Made by the factories below, each named
 * for the situation it reports.
 */
public final class CriuException extends CrException {
    /** The catalogued cause, or null when none matched (serialized with the exception). */
    private final FailureCause kind;

    private CriuException(String operation, FailureCause kind, String cause, String fix, Path logPath,
                          List<String> logLines, Throwable source) {
        super(operation, cause, fix, logPath, logLines, source);
        this.kind = kind;
    }

    /** {@return the known cause, or empty when the log showed none of them} */
    public Optional<FailureCause> kind() { return Optional.ofNullable(kind); }

    /** A known cause found before CRIU ran, in the cause's own words and with its fix. */
    static CriuException known(String operation, FailureCause kind) {
        return known(operation, kind, kind.summary());
    }

    /** A known cause found before CRIU ran, in words that name this case ("there is no process 42"), with its fix. */
    static CriuException known(String operation, FailureCause kind, String cause) {
        return new CriuException(operation, kind, cause, kind.fix(), null, List.of(), null);
    }

    /** A CRIU run that failed, as its log explains it. */
    static CriuException explained(String operation, Failure failure) {
        return new CriuException(operation, failure.kind().orElse(null), failure.cause(), failure.fix().orElse(null),
                failure.log().orElse(null), failure.lines(), null);
    }

    /** A notification listener threw, so CRIU aborted the operation; the listener's exception is attached. */
    static CriuException listenerFailed(String operation, Throwable listenerFailure, Path log, List<String> lines) {
        return new CriuException(operation, null, "a notification listener failed, so CRIU aborted: " + listenerFailure,
                "see the listener's exception (attached); after post-dump the tasks were resumed, not killed",
                log, lines, listenerFailure);
    }

    /** The engine refuses what it was given before CRIU runs (a missing image directory, a link where a file goes). */
    static CriuException refused(String operation, String cause, String fix) {
        return new CriuException(operation, null, cause, fix, null, List.of(), null);
    }

    /** The engine could not prepare or run the call (a directory, a socket, a process it could not make). */
    static CriuException setupFailed(String operation, String cause, String fix, Throwable source) {
        return new CriuException(operation, null, cause, fix, null, List.of(), source);
    }

    /** CRIU reported success but left out something the operation needs; its log is the place to look. */
    static CriuException incomplete(String operation, String cause, Path log) {
        return new CriuException(operation, null, cause, null, log, List.of(), null);
    }

    /** The caller is not root. */
    static CriuException notRoot(String operation) {
        return known(operation, FailureCause.NOT_ROOT);
    }

    /** No CRIU executable found; {@code where} says where it was looked for. */
    static CriuException criuMissing(String operation, String where) {
        return known(operation, FailureCause.CRIU_MISSING, where);
    }

    /** libcriu.so.2 cannot be loaded; {@code detail} is the loader's reason. */
    static CriuException libcriuMissing(String operation, String detail) {
        return known(operation, FailureCause.LIBCRIU_MISSING, FailureCause.LIBCRIU_MISSING.summary() + " (" + detail + ")");
    }

    /** The CRIU found is older than the engine needs. */
    static CriuException criuTooOld(String operation, Path binary, CriuVersion found) {
        return known(operation, FailureCause.CRIU_TOO_OLD, "CRIU " + found + " at " + binary + " is older than "
                + CriuVersion.MINIMUM + " (older CRIU fails on this kernel's vDSO or on inet sockets of Linux 6.16+)");
    }

    /** CRIU runs but cannot work on this kernel ({@code criu check} fails); {@code lines} is what it said. */
    static CriuException criuUnusable(String operation, Path binary, String detail, List<String> lines) {
        return new CriuException(operation, FailureCause.CRIU_UNUSABLE, "CRIU at " + binary + " cannot run on this kernel: "
                + detail, FailureCause.CRIU_UNUSABLE.fix(), null, lines, null);
    }
}
