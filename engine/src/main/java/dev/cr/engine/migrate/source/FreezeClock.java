package dev.cr.engine.migrate.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * When the final dump froze the workload, on cr's clock ({@link System#nanoTime()}). The downtime starts there, not
 * when cr called CRIU: CRIU first starts, probes the kernel (again on every start where {@code /run} is no tmpfs)
 * and collects the tree's cgroups and namespaces, with the workload still running, which took tens of
 * milliseconds on a quiet host and about ten seconds in the emulated VM.
 *
 * <p>Two witnesses, the first that answers wins:
 * <ul>
 *   <li>CRIU's log: each line carries the seconds since CRIU started; the first task seized and the
 *       {@code post-dump} stage are both there, and cr saw the post-dump stage happen on its own clock, so the
 *       freeze happened their difference earlier. Needs CRIU's verbose log (level 4, cr's default).</li>
 *   <li>CRIU's statistics: the tasks were frozen {@code freezing + frozen} before CRIU killed them, which is just
 *       before the dump returned. Lazy dumps write none.</li>
 * </ul>
 * With neither, the call's start stands (the downtime then includes CRIU's start-up, as it did before).
 */
final class FreezeClock {
    /** A CRIU log line's time: "(00.050596) ..." is 50.596 ms after CRIU started. */
    private static final Pattern STAMP = Pattern.compile("^\\((\\d+)\\.(\\d{6})\\)");
    /** A task seized by ptrace: for a tree frozen that way the first one marks the freeze's start. */
    private static final Pattern SEIZED = Pattern.compile("^\\(\\d+\\.\\d{6}\\) Seized task \\d+");
    /** A freezer cgroup frozen (--freeze-cgroup, containers): CRIU says so once the freeze is complete. */
    private static final Pattern CGROUP_FROZEN = Pattern.compile("^\\(\\d+\\.\\d{6}\\) freezing processes: \\d+ attempts done");
    private static final String POST_DUMP = "Running post-dump scripts";

    private FreezeClock() {
    }

    /**
     * The freeze's time, from the log's two lines and the moment cr saw the post-dump stage.
     *
     * @param called         when cr called CRIU (nanoTime): the answer is never earlier
     * @param postDump       when the post-dump stage reached cr (nanoTime): the answer is never later
     * @param log            CRIU's log of the dump, from its start
     * @param freezingMillis the statistics' freezing time, or -1: a cgroup's freeze is logged when complete, so
     *                       this much earlier it began
     * @return the freeze's nanoTime, or empty when the log lacks either line
     */
    static OptionalLong fromLog(long called, long postDump, Iterable<String> log, long freezingMillis) {
        long froze = -1;
        for (String line : log) {
            if (froze < 0) {
                if (SEIZED.matcher(line).find()) froze = micros(line);
                else if (CGROUP_FROZEN.matcher(line).find()) froze = micros(line) - Math.max(0, freezingMillis) * 1000;
            } else if (line.contains(POST_DUMP)) {
                long post = micros(line);
                if (post < froze) return OptionalLong.empty();
                return OptionalLong.of(clamp(postDump - (post - froze) * 1000, called, postDump));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The freeze's time from CRIU's statistics of the dump.
     *
     * @param called         when cr called CRIU (nanoTime)
     * @param returned       when the dump returned (nanoTime)
     * @param frozenMillis   the statistics' frozen time, or -1
     * @param freezingMillis the statistics' freezing time, or -1 (then taken as 0)
     * @return the freeze's nanoTime, or empty without a frozen time
     */
    static OptionalLong fromStatistics(long called, long returned, long frozenMillis, long freezingMillis) {
        if (frozenMillis < 0) return OptionalLong.empty();
        long frozen = (frozenMillis + Math.max(0, freezingMillis)) * 1_000_000;
        return OptionalLong.of(clamp(returned - frozen, called, returned));
    }

    /**
     * The freeze's time by the best witness there is: the log, then the statistics, then the call.
     *
     * @param called   when cr called CRIU (nanoTime)
     * @param postDump when the post-dump stage reached cr (nanoTime), or 0 when it never did
     * @param returned when the dump returned (nanoTime), or 0 when it has not (a lazy dump serves pages on)
     * @param facts    the dump's statistics, or null when there are none yet
     * @param log      CRIU's log of the dump, or null when unknown
     * @return the freeze's nanoTime
     */
    static long of(long called, long postDump, long returned, Checkpointer.DumpFacts facts, Path log) {
        long freezing = facts == null ? -1 : facts.freezingMillis();
        if (postDump != 0 && log != null) {
            // Read up to the post-dump stage only: a 1 GiB dump's log at level 4 runs to megabytes after it.
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                OptionalLong t = fromLog(called, postDump, lines::iterator, freezing);
                if (t.isPresent()) return t.getAsLong();
            } catch (IOException | UncheckedIOException e) {
                // no log to read: the statistics, or the call, stand in
            }
        }
        if (returned != 0 && facts != null) {
            OptionalLong t = fromStatistics(called, returned, facts.frozenMillis(), freezing);
            if (t.isPresent()) return t.getAsLong();
        }
        return called;
    }

    private static long micros(String line) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) return -1;
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
    }

    private static long clamp(long t, long lo, long hi) {
        return Math.max(lo, Math.min(hi, t));
    }
}
