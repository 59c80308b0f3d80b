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
    private final String operation;
    private final String fix;
    private final Path logPath;
    private final List<String> logLines;

    public CrException(String operation, String cause, String fix, Path logPath, List<String> logLines, Throwable source) {
        super(cause, source);
        this.operation = operation;
        this.fix = fix;
        this.logPath = logPath;
        this.logLines = logLines == null ? List.of() : List.copyOf(logLines);
    }

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
