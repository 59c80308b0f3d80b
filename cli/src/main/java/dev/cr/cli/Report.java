package dev.cr.cli;

import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.IterativeDumpResult;
import dev.cr.engine.criu.RestoreResult;
import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.migrate.MigrationReport;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the results of dump, restore and migrate for people (lines) and for programs (JSON). */
final class Report {
    private Report() {}

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    static Map<String, Object> json(DumpResult r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("images_dir", r.imagesDir().toString());
        m.put("log", r.logPath().toString());
        m.put("elapsed_ms", r.elapsed().toNanos() / 1_000_000.0);
        r.stats().ifPresent(s -> m.put("stats", StatsView.json(s)));
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
        r.stats().ifPresent(s -> m.put("stats", StatsView.json(s)));
        return m;
    }

    /**
     * The report of {@code cr migrate --json}, on one line (scripts read it with grep and sed as well as jq). Phase
     * names become keys in the same snake case as the rest ("transfer tail" is {@code transfer_tail}).
     */
    static String json(MigrationReport r) {
        var m = new LinkedHashMap<String, Object>();
        List<Object> its = new ArrayList<>();
        for (MigrationReport.Iteration it : r.iterations()) {
            var i = new LinkedHashMap<String, Object>();
            i.put("number", it.number());
            i.put("final", it.finalDump());
            i.put("pages_written", it.pagesWritten());
            i.put("image_bytes", it.imageBytes());
            i.put("wire_bytes", it.wireBytes());
            i.put("elapsed_ms", it.millis());
            its.add(i);
        }
        m.put("iterations", its);
        m.put("total_ms", r.totalMillis());
        m.put("downtime_ms", r.downtimeMillis());
        m.put("bytes_sent", r.bytesSent());
        m.put("target_pid", r.targetPid());
        var phases = new LinkedHashMap<String, Object>();
        r.phaseMillis().forEach((phase, ms) -> phases.put(phase.replace(' ', '_').replace('-', '_'), ms));
        m.put("phases", phases);
        m.put("notes", r.notes());
        if (r.postCopy() != null) {
            var w = r.postCopy();
            var pc = new LinkedHashMap<String, Object>();
            pc.put("opened_at_ms", w.openedAtMillis());
            pc.put("closed_at_ms", w.closedAtMillis());
            pc.put("window_ms", w.millis());
            pc.put("page_bytes", w.pageBytes());
            pc.put("reconnects", w.reconnects());
            pc.put("confirmed", w.confirmed());
            m.put("post_copy", pc);
        }
        return JsonWriter.COMPACT.write(m);
    }

    /** The report of {@code cr migrate} for people: one line for the move, one per iteration, the totals, post-copy's window, the phases. */
    static void print(PrintWriter out, MigrationReport r) {
        for (MigrationReport.Iteration it : r.iterations()) {
            out.printf("  %s %d: %s pages, %s of images, %s sent, %d ms%n", it.finalDump() ? "dump    " : "pre-dump",
                    it.number(), it.pagesWritten() < 0 ? "?" : Long.toString(it.pagesWritten()),
                    Sizes.human(it.imageBytes()), Sizes.human(it.wireBytes()), it.millis());
        }
        out.printf("  total %d ms, downtime %d ms, %s sent%n", r.totalMillis(), r.downtimeMillis(), Sizes.human(r.bytesSent()));
        if (r.postCopy() != null) {
            var w = r.postCopy();
            out.printf("  post-copy window: opened at %d ms, closed at %d ms (%d ms): %s of pages fetched, %d reconnection%s%s%n",
                    w.openedAtMillis(), w.closedAtMillis(), w.millis(), Sizes.human(w.pageBytes()), w.reconnects(),
                    w.reconnects() == 1 ? "" : "s", w.confirmed() ? "; the target confirmed every page" : "");
        }
        if (!r.phaseMillis().isEmpty()) {
            StringBuilder sb = new StringBuilder("  phases:");
            r.phaseMillis().forEach((phase, ms) -> sb.append(' ').append(phase).append(' ').append(ms).append(" ms,"));
            out.println(sb.substring(0, sb.length() - 1));
        }
    }
}
