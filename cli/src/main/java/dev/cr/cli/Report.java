package dev.cr.cli;

import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.IterativeDumpResult;
import dev.cr.engine.criu.RestoreResult;
import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.stats.RestoreStats;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints dump and restore results for people (lines, optional statistics) and for programs (JSON). */
final class Report {
    private Report() {}

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    static Map<String, Object> json(DumpStats s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("freezing_time_us", s.freezingTime().toNanos() / 1000);
        m.put("frozen_time_us", s.frozenTime().toNanos() / 1000);
        m.put("memdump_time_us", s.memdumpTime().toNanos() / 1000);
        m.put("memwrite_time_us", s.memwriteTime().toNanos() / 1000);
        m.put("pages_scanned", s.pagesScanned());
        m.put("pages_skipped_parent", s.pagesSkippedParent());
        m.put("pages_written", s.pagesWritten());
        return m;
    }

    static Map<String, Object> json(RestoreStats s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("forking_time_us", s.forkingTime().toNanos() / 1000);
        m.put("restore_time_us", s.restoreTime().toNanos() / 1000);
        m.put("pages_compared", s.pagesCompared());
        m.put("pages_skipped_cow", s.pagesSkippedCow());
        m.put("pages_restored", s.pagesRestored());
        return m;
    }

    static Map<String, Object> json(DumpResult r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("images_dir", r.imagesDir().toString());
        m.put("log", r.logPath().toString());
        m.put("elapsed_ms", r.elapsed().toNanos() / 1_000_000.0);
        r.stats().ifPresent(s -> m.put("stats", json(s)));
        return m;
    }

    static Map<String, Object> json(IterativeDumpResult r) {
        var m = new LinkedHashMap<String, Object>();
        List<Object> its = new ArrayList<>();
        for (IterativeDumpResult.Iteration i : r.preDumps()) {
            var it = json(i.result());
            it.put("number", i.number());
            it.put("pre_dump_again", i.decision().preDumpAgain());
            it.put("reason", i.decision().reason());
            its.add(it);
        }
        m.put("pre_dumps", its);
        m.put("final_dump", json(r.finalDump()));
        m.put("fallback", r.fallback().orElse(null));
        return m;
    }

    static Map<String, Object> json(RestoreResult r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("pid", r.pid());
        m.put("log", r.logPath().toString());
        m.put("elapsed_ms", r.elapsed().toNanos() / 1_000_000.0);
        r.stats().ifPresent(s -> m.put("stats", json(s)));
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
    }

    static void print(PrintWriter out, RestoreStats s) {
        out.printf("  forking time    %s%n", ms(s.forkingTime()));
        out.printf("  restore time    %s%n", ms(s.restoreTime()));
        out.printf("  pages compared  %d%n", s.pagesCompared());
        out.printf("  pages skipped   %d (copy-on-write)%n", s.pagesSkippedCow());
        out.printf("  pages restored  %d%n", s.pagesRestored());
    }
}
