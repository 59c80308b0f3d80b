package dev.cr.engine.criu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Turns a failed libcriu call and its log into a {@link CriuException} a person can act on. */
final class Failure {
    private Failure() {}

    static CriuException of(String op, int rc, Path logPath, Throwable listenerFailure) {
        return of(op, rc, logPath, listenerFailure, null);
    }

    /** As above; {@code workerEnd} says how CRIU's process ended when it did not exit ("killed by signal 11"). */
    static CriuException of(String op, int rc, Path logPath, Throwable listenerFailure, String workerEnd) {
        CriuLog log = CriuLog.read(logPath);
        List<String> lines = log.explanation();
        // No error line (CRIU died, or failed without saying so): the end of the log is the best clue.
        if (lines.isEmpty()) lines = log.lines().subList(Math.max(0, log.lines().size() - 10), log.lines().size());
        Path shownLog = Files.exists(logPath) ? logPath : null;
        if (listenerFailure != null) {
            return new CriuException(op, null, "a notification listener failed, so CRIU aborted: " + listenerFailure,
                    "see the listener's exception (attached); after post-dump the tasks were resumed, not killed",
                    shownLog, lines, listenerFailure);
        }
        Optional<FailureCause> cause = log.cause();
        if (cause.isPresent() && cause.get() == FailureCause.PID_IN_USE) {
            OptionalInt pid = log.pidInUse();
            String who = pid.isPresent() ? describePid(pid.getAsInt()) : "another process";
            return new CriuException(op, FailureCause.PID_IN_USE, "pid " + (pid.isPresent() ? pid.getAsInt() : "?")
                    + " of the images is in use: " + who, FailureCause.PID_IN_USE.fix(), shownLog, lines, null);
        }
        if (cause.isPresent())
            return new CriuException(op, cause.get(), cause.get().summary(), cause.get().fix(), shownLog, lines, null);
        String why = "CRIU failed (" + Errno.describe(rc) + (workerEnd != null ? "; " + workerEnd : "") + ")";
        if (lines.isEmpty() && shownLog == null) why += " and wrote no log";
        return new CriuException(op, null, why, shownLog == null ? null : "read the log lines above and the full log",
                shownLog, lines, null);
    }

    /** Who holds a pid: "sleep (pid 42, zombie: its parent 41 has not reaped it)". */
    static String describePid(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            int open = stat.indexOf('('), close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            String[] rest = stat.substring(close + 2).split(" ");
            String state = rest[0];
            String ppid = rest[1];
            if (state.equals("Z"))
                return comm + " (pid " + pid + ", a zombie: its parent " + ppid + " has not reaped it yet)";
            return comm + " (pid " + pid + ", running, parent " + ppid + ")";
        } catch (IOException | RuntimeException e) {
            return "a process that has ended since (pid " + pid + ")";
        }
    }
}
