package dev.cr.engine.criu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CRIU log turned into an explanation: its error lines with a few lines of context before each, and the
 * {@link FailureCause} they show. libcriu returns only an errno, so this log is where the reason is.
 * Lines known to be harmless (CRIU cannot raise RLIMIT_NOFILE without CAP_SYS_RESOURCE) are ignored.
 */
public final class CriuLog {
    /** Lines before each error line that are kept as context. */
    public static final int CONTEXT = 3;

    // After the time stamp "(00.123) ", a task's pid " 1234: " (restore) or the parasite's "pie: 1: ".
    private static final Pattern ERROR = Pattern.compile("(^|\\)\\s+(\\d+: )?|^\\s*\\d+: |^pie: \\d+: )(Error|BUG)|BUG at |^Error ");
    private static final List<Pattern> HARMLESS = List.of(
            Pattern.compile("Can't setup RLIMIT_NOFILE for self"));
    private static final Pattern FORK_PID = Pattern.compile("Can't fork for (\\d+): File exists");

    private final Path path;
    private final List<String> lines;

    private CriuLog(Path path, List<String> lines) {
        this.path = path;
        this.lines = List.copyOf(lines);
    }

    /**
     * Reads the log at {@code path}; a missing or unreadable log reads as empty.
     *
     * @param path the log file
     * @return the log, whole, in memory (CRIU logs are a few MiB at most)
     */
    public static CriuLog read(Path path) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            return of(path, new String(bytes, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            return of(path, List.of());
        }
    }

    /**
     * A log from lines already in memory.
     *
     * @param path where the log is, for messages
     * @param lines its lines
     * @return the log
     */
    public static CriuLog of(Path path, List<String> lines) {
        return new CriuLog(path, lines);
    }

    /**
     * {@return the log file}
     */
    public Path path() { return path; }

    /**
     * {@return every line of the log, in order}
     */
    public List<String> lines() { return lines; }

    static boolean isError(String line) {
        return ERROR.matcher(line).find() && !isHarmless(line);
    }

    static boolean isHarmless(String line) {
        return HARMLESS.stream().anyMatch(h -> h.matcher(line).find());
    }

    /** {@return the error lines, without the harmless ones} */
    public List<String> errors() {
        return lines.stream().filter(CriuLog::isError).toList();
    }

    /**
     * Error lines, each preceded by up to {@link #CONTEXT} lines of context, in log order, without repeats.
     *
     * @return the lines to show a person; empty when the log has no error line
     */
    public List<String> explanation() {
        var keep = new LinkedHashSet<Integer>();
        for (int i = 0; i < lines.size(); i++) {
            if (!isError(lines.get(i))) continue;
            for (int j = Math.max(0, i - CONTEXT); j <= i; j++)
                if (j == i || !isHarmless(lines.get(j))) keep.add(j);
        }
        var out = new ArrayList<String>();
        for (int i : keep) out.add(lines.get(i));
        return out;
    }

    /** {@return the first known cause any error line shows (lines that are not errors are searched too, after them)} */
    public Optional<FailureCause> cause() {
        for (String l : errors()) for (FailureCause c : FailureCause.values()) if (c.matches(l)) return Optional.of(c);
        for (String l : lines) for (FailureCause c : FailureCause.values()) if (c.matches(l)) return Optional.of(c);
        return Optional.empty();
    }

    private static final Pattern CORE_PID = Pattern.compile("Dump core \\(pid: (\\d+)\\) failed");

    /** {@return the pid whose core CRIU could not dump ("Dump core (pid: N) failed"), if that is what failed} */
    public OptionalInt pidOfFailedCore() {
        for (String l : lines) {
            Matcher m = CORE_PID.matcher(l);
            if (m.find()) return OptionalInt.of(Integer.parseInt(m.group(1)));
        }
        return OptionalInt.empty();
    }

    /** {@return the pid CRIU could not create at restore because it is in use, if that is what failed} */
    public OptionalInt pidInUse() {
        for (String l : lines) {
            Matcher m = FORK_PID.matcher(l);
            if (m.find()) return OptionalInt.of(Integer.parseInt(m.group(1)));
        }
        return OptionalInt.empty();
    }
}
