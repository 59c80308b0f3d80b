package dev.cr.engine.lxc;

import dev.cr.engine.CrException;
import dev.cr.engine.criu.Failure;
import dev.cr.engine.criu.FailureCause;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A failed operation on an LXC container: what was done to which container, why it failed, the CRIU log. When CRIU
 * failed, the cause is read from its log as for a process dump ({@link Failure}) and carries the same
 * {@link FailureCause}.
 */
public class LxcException extends CrException {
    /** The catalogued cause of CRIU's failure, or null (serialized with the exception). */
    private final FailureCause kind;

    /**
     * A failure found before or around liblxc's call, not read from a CRIU log.
     *
     * @param operation what was being done ("checkpoint of container web")
     * @param cause     why it failed, in words
     * @param fix       what a person can do about it, or null when nothing is known
     */
    public LxcException(String operation, String cause, String fix) {
        this(operation, cause, fix, null, List.of(), null);
    }

    /**
     * A failure with the CRIU log that explains it and the exception behind it.
     *
     * @param operation what was being done
     * @param cause     why it failed, in words
     * @param fix       what a person can do about it, or null
     * @param logPath   the CRIU log, or null
     * @param logLines  the lines of the log that explain the failure
     * @param source    the exception behind it (a step's, an I/O error), or null
     */
    public LxcException(String operation, String cause, String fix, Path logPath, List<String> logLines, Throwable source) {
        this(operation, null, cause, fix, logPath, logLines, source);
    }

    /**
     * A failure caused by another exception, without a CRIU log.
     *
     * @param operation what was being done
     * @param cause     why it failed, in words
     * @param fix       what a person can do about it, or null
     * @param source    the exception behind it, or null
     */
    public LxcException(String operation, String cause, String fix, Throwable source) {
        this(operation, cause, fix, null, List.of(), source);
    }

    private LxcException(String operation, FailureCause kind, String cause, String fix, Path logPath,
                         List<String> logLines, Throwable source) {
        super(operation, cause, fix, logPath, logLines, source);
        this.kind = kind;
    }

    /** A CRIU run by liblxc that failed, as its log explains it; {@code afterwards} says what became of the container. */
    static LxcException explained(String operation, Failure failure, String afterwards) {
        return new LxcException(operation, failure.kind().orElse(null), failure.cause() + " (" + afterwards + ")",
                failure.fix().orElse(null), failure.log().orElse(null), failure.lines(), null);
    }

    /** {@code e} failed this operation; its cause, fix, log and kind are kept. */
    static LxcException of(String operation, CrException e) {
        FailureCause kind = e instanceof dev.cr.engine.criu.CriuException c ? c.kind().orElse(null) : null;
        return new LxcException(operation, kind, e.cause(), e.fix().orElse(null), e.logPath().orElse(null),
                e.logLines(), e);
    }

    /** {@return the known cause of a failure CRIU logged, or empty when the log showed none of the catalog's causes} */
    public Optional<FailureCause> kind() { return Optional.ofNullable(kind); }
}
