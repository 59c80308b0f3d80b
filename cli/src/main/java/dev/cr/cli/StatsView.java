package dev.cr.cli;

import dev.cr.engine.image.Statistics;
import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.stats.RestoreStats;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every rendering of CRIU's statistics the commands print: after a dump, pre-dump or restore of a process tree or a
 * container ({@code --stats}, {@code --json}), and every counter of a checkpoint ({@code cr inspect --stats}).
 * JSON keys are CRIU's names, times with their unit ({@code frozen_time_us}).
 */
final class StatsView {
    private StatsView() {}

    static Map<String, Object> json(DumpStats s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("freezing_time_us", micros(s.freezingTime()));
        m.put("frozen_time_us", micros(s.frozenTime()));
        m.put("memdump_time_us", micros(s.memdumpTime()));
        m.put("memwrite_time_us", micros(s.memwriteTime()));
        m.put("pages_scanned", s.pagesScanned());
        m.put("pages_skipped_parent", s.pagesSkippedParent());
        m.put("pages_written", s.pagesWritten());
        m.put("pages_lazy", s.pagesLazy());
        return m;
    }

    static Map<String, Object> json(RestoreStats s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("forking_time_us", micros(s.forkingTime()));
        m.put("restore_time_us", micros(s.restoreTime()));
        m.put("pages_compared", s.pagesCompared());
        m.put("pages_skipped_cow", s.pagesSkippedCow());
        m.put("pages_restored", s.pagesRestored());
        return m;
    }

    static void print(PrintWriter out, DumpStats s) {
        out.printf("  freezing time   %s%n", ms(s.freezingTime()));
        out.printf("  frozen time     %s%n", ms(s.frozenTime()));
        out.printf("  memory dump     %s%n", ms(s.memdumpTime()));
        out.printf("  memory write    %s%n", ms(s.memwriteTime()));
        out.printf("  pages scanned   %d%n", s.pagesScanned());
        out.printf("  pages skipped   %d (unchanged since the parent)%n", s.pagesSkippedParent());
        out.printf("  pages written   %d%n", s.pagesWritten());
        if (s.pagesLazy() > 0) out.printf("  pages lazy      %d (left for the restore to fetch)%n", s.pagesLazy());
    }

    static void print(PrintWriter out, RestoreStats s) {
        out.printf("  forking time    %s%n", ms(s.forkingTime()));
        out.printf("  restore time    %s%n", ms(s.restoreTime()));
        out.printf("  pages compared  %d%n", s.pagesCompared());
        out.printf("  pages skipped   %d (copy-on-write)%n", s.pagesSkippedCow());
        out.printf("  pages restored  %d%n", s.pagesRestored());
    }

    /** Every counter of a checkpoint's statistics file, by part and name as crit nests them: {"dump": {"frozen_time": ...}}. */
    static Map<String, Object> json(List<Statistics.Counter> counters) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Statistics.Counter c : counters) {
            @SuppressWarnings("unchecked")
            Map<String, Object> part = (Map<String, Object>) out.computeIfAbsent(c.part(), k -> new LinkedHashMap<String, Object>());
            part.put(c.name(), c.value());
        }
        return out;
    }

    /** Every counter of the statistics file {@code name}, one a line, or that the checkpoint does not hold it. */
    static void print(PrintWriter out, String name, Optional<List<Statistics.Counter>> counters) {
        out.println(name + ":" + (counters.isEmpty() ? " not in the directory" : ""));
        counters.ifPresent(cs -> cs.forEach(c -> out.printf("  %-32s %s%n", c.part() + "." + c.name(), c.value())));
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
