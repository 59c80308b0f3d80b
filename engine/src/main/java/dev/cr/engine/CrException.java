package dev.cr.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one exception family that library users catch. It carries what a person needs to act:
 * the operation that failed, the cause in words, the fix when one is known, and for operations
 * that ran CRIU the path of its log and the log lines that matter.
 */
public class CrException extends RuntimeException {
    /** What was being done, in words. */
    private final String operation;
    /** What the user can do about it, or null when nothing is known. */
    private final String fix;
    /** The CRIU (or LXC) log of the operation, or null when none was written. */
    private final Path logPath;
    /** The log lines that explain the failure; never null. */
    private final List<String> logLines;

    /**
     * A failure with everything a person needs to act on it.
     *
     * @param operation what was being done, in words ("dump of pid 42")
     * @param cause     why it failed, in words; becomes the message
     * @param fix       what the user can do about it; null when nothing is known
     * @param logPath   the log the operation wrote; null when it wrote none
     * @param logLines  the lines of that log that explain the failure; null or empty when none
     * @param source    the underlying exception; null when there is none
     */
    public CrException(String operation, String cause, String fix, Path logPath, List<String> logLines, Throwable source) {
        super(cause, source);
        this.operation = operation;
        this.fix = fix;
        this.logPath = logPath;
        this.logLines = logLines == null ? List.of() : List.copyOf(logLines);
    }

    /**
     * A failure found without running CRIU or LXC: no log, no underlying exception.
     *
     * @param operation what was being done, in words
     * @param cause     why it failed, in words
     * @param fix       what the user can do about it; null when nothing is known
     */
    public CrException(String operation, String cause, String fix) {
        this(operation, cause, fix, null, List.of(), null);
    }

    /** {@return what was being done, in words: "dump of pid 42", "decode of core-1.img"} */
    public String operation() { return operation; }

    /** {@return why it failed, in words} */
    public String cause() { return getMessage(); }

    /** {@return what the user can do about it, when known} */
    public Optional<String> fix() { return Optional.ofNullable(fix); }

    /** {@return the CRIU (or LXC) log of the operation, when one was written} */
    public Optional<Path> logPath() { return Optional.ofNullable(logPath); }

    /** {@return the log lines that explain the failure (errors with a little context), possibly empty} */
    public List<String> logLines() { return logLines; }
}
