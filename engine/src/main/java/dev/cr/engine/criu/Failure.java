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
        if (cause.isPresent() && cause.get() == FailureCause.OTHER_USER_NEEDS_CAP_SYS_RESOURCE) {
            OptionalInt pid = log.pidOfFailedCore();
            String who = pid.isPresent() ? owner(pid.getAsInt()) : null;
            if (who != null)
                return new CriuException(op, cause.get(), cause.get().summary() + " (pid " + pid.getAsInt() + " runs as "
                        + who + ")", cause.get().fix(), shownLog, lines, null);
        }
        Optional<CriuHint> hint = CriuHint.in(log);
        if (cause.isPresent()) {
            String known = cause.get().fix();
            // CRIU's own hint is added unless the fix already names that flag.
            String fix = hint.isPresent() && hint.get().crFlag().map(f -> !known.contains(f)).orElse(true)
                    ? known + "; " + hint.get().advice() : known;
            return new CriuException(op, cause.get(), cause.get().summary(), fix, shownLog, lines, null);
        }
        String why = "CRIU failed (" + Errno.describe(rc) + (workerEnd != null ? "; " + workerEnd : "") + ")";
        if (lines.isEmpty() && shownLog == null) why += " and wrote no log";
        Optional<String> first = log.errors().stream().findFirst().map(Failure::message);
        if (first.isPresent()) why += ": " + first.get() + " (an error cr has not catalogued yet)";
        else why += " without an error line cr knows (not yet catalogued)";
        String fix = hint.map(CriuHint::advice).orElse(shownLog == null ? null
                : "read the log lines above and the full log; please report this error so that it gets a cause and a fix");
        return new CriuException(op, null, why, fix, shownLog, lines, null);
    }

    /** The message of a CRIU log line without its time stamp and source position: "Can't get rlimit 0: ...". */
    static String message(String line) {
        String m = line.strip().replaceFirst("^\\([0-9.]+\\)\\s*", "");
        m = m.replaceFirst("^(?:\\d+: |pie: \\d+: )?(?:Error|BUG) \\([^)]*\\):\\s*", "");
        return m.strip();
    }

    /** The user a process runs as: "postgres (uid 101)"; null when it is gone. */
    static String owner(int pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                if (!l.startsWith("Uid:")) continue;
                String uid = l.substring(4).trim().split("\\s+")[0];
                for (String p : Files.readAllLines(Path.of("/etc/passwd"))) {
                    String[] f = p.split(":");
                    if (f.length > 2 && f[2].equals(uid)) return f[0] + " (uid " + uid + ")";
                }
                return "uid " + uid;
            }
        } catch (IOException | RuntimeException e) {
            // ended since
        }
        return null;
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
