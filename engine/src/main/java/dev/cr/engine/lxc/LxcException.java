package dev.cr.engine.lxc;

import dev.cr.engine.CrException;

import java.nio.file.Path;
import java.util.List;

/** A failed operation on an LXC container: what was done to which container, why it failed, the CRIU log. */
public class LxcException extends CrException {
    public LxcException(String operation, String cause, String fix) {
        super(operation, cause, fix);
    }

    public LxcException(String operation, String cause, String fix, Path logPath, List<String> logLines) {
        super(operation, cause, fix, logPath, logLines, null);
    }

    public LxcException(String operation, String cause, String fix, Path logPath, List<String> logLines, Throwable source) {
        super(operation, cause, fix, logPath, logLines, source);
    }

    public LxcException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, List.of(), source);
    }
}
