package dev.cr.engine.criu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the log of a failed CRIU run says: the known cause when the catalog ({@link FailureCause}) has one, the cause
 * in words, the fix, the log lines that matter and the log itself. Process dumps and restores (through libcriu) and
 * container checkpoints and restores (CRIU run by liblxc) are explained by this one reading, so that a failure reads
 * the same whichever way CRIU was run.
 *
 * @param kind  the catalogued cause, empty when the log shows none
 * @param cause the cause in words
 * @param fix   what a person can do about it, when known
 * @param log   the log, when CRIU wrote one
 * @param lines the lines of the log that explain the failure (errors with context; the end of the log when it has
 *              no error line)
 */
public record Failure(Optional<FailureCause> kind, String cause, Optional<String> fix, Optional<Path> log,
                      List<String> lines) {
    /**
     * A failure as read from a log; {@code lines} is copied, so the record cannot change afterwards.
     *
     * @param kind  the catalogued cause, empty when the log shows none
     * @param cause the cause in words
     * @param fix   what a person can do about it, when known
     * @param log   the log, when CRIU wrote one
     * @param lines the lines of the log that explain the failure
     */
    public Failure {
        lines = List.copyOf(lines);
    }

    /**
     * Explains the failed run whose log is at {@code logPath} (null or missing: CRIU wrote none). {@code outcome}
     * says in words how the run ended ("CRIU failed (errno 5: ...)"); it opens the cause when the catalog knows none.
     *
     * @param logPath the run's log, or null when CRIU was given none
     * @param outcome how the run ended, in words
     * @return the explanation (without a log, its cause says CRIU wrote none)
     */
    public static Failure explain(Path logPath, String outcome) {
        CriuLog log = logPath == null ? CriuLog.of(null, List.of()) : CriuLog.read(logPath);
        List<String> lines = linesThatMatter(log);
        Optional<Path> shownLog = logPath != null && Files.exists(logPath) ? Optional.of(logPath) : Optional.empty();
        Optional<FailureCause> cause = log.cause();
        if (cause.isPresent() && cause.get() == FailureCause.PID_IN_USE) {
            OptionalInt pid = log.pidInUse();
            String who = pid.isPresent() ? describePid(pid.getAsInt()) : "another process";
            return new Failure(cause, "pid " + (pid.isPresent() ? pid.getAsInt() : "?") + " of the images is in use: "
                    + who, Optional.of(cause.get().fix()), shownLog, lines);
        }
        if (cause.isPresent() && cause.get() == FailureCause.OTHER_USER_NEEDS_CAP_SYS_RESOURCE) {
            OptionalInt pid = log.pidOfFailedCore();
            String who = pid.isPresent() ? owner(pid.getAsInt()) : null;
            if (who != null)
                return new Failure(cause, cause.get().summary() + " (pid " + pid.getAsInt() + " runs as " + who + ")",
                        Optional.of(cause.get().fix()), shownLog, lines);
        }
        Optional<CriuHint> hint = CriuHint.in(log);
        if (cause.isPresent()) {
            String known = cause.get().fix();
            // CRIU's own hint is added unless the fix already names that option.
            String fix = hint.isPresent() && hint.get().option().map(o -> !known.contains(o)).orElse(true)
                    ? known + "; " + hint.get().advice() : known;
            return new Failure(cause, cause.get().summary(), Optional.of(fix), shownLog, lines);
        }
        String why = outcome;
        // "exited, status=N" only reports that a helper CRIU ran failed; the line that says what failed follows it.
        Optional<String> first = log.errors().stream().filter(l -> !l.contains("exited, status="))
                .findFirst().or(() -> log.errors().stream().findFirst()).map(Failure::message);
        if (lines.isEmpty() && shownLog.isEmpty()) why += "; CRIU wrote no log";
        else if (first.isPresent()) why += ": " + first.get() + " (an error cr has not catalogued yet)";
        else why += " without an error line cr knows (not yet catalogued)";
        Optional<String> fix = hint.map(CriuHint::advice).or(() -> shownLog.map(l ->
                "read the log lines above and the full log; please report this error so that it gets a cause and a fix"));
        return new Failure(Optional.empty(), why, fix, shownLog, lines);
    }

    /** How libcriu's call ended, in words: "CRIU failed (errno 5: ...; killed by signal 11)". */
    static String outcome(int rc, String workerEnd) {
        return "CRIU failed (" + Errno.describe(rc) + (workerEnd != null ? "; " + workerEnd : "") + ")";
    }

    /** The failure of a libcriu call: a listener that threw, else what the log says. */
    static CriuException of(String op, int rc, Path logPath, Throwable listenerFailure, String workerEnd) {
        if (listenerFailure != null) {
            Path shown = Files.exists(logPath) ? logPath : null;
            return CriuException.listenerFailed(op, listenerFailure, shown, linesThatMatter(CriuLog.read(logPath)));
        }
        return CriuException.explained(op, explain(logPath, outcome(rc, workerEnd)));
    }

    /** The error lines with their context; when there is none (CRIU died, or failed without saying so), the end. */
    private static List<String> linesThatMatter(CriuLog log) {
        List<String> lines = log.explanation();
        return lines.isEmpty() ? log.lines().subList(Math.max(0, log.lines().size() - 10), log.lines().size()) : lines;
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
