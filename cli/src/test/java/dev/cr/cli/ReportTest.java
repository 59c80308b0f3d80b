package dev.cr.cli;

import dev.cr.engine.migrate.MigrationReport;
import dev.cr.engine.stats.DumpStats;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The CLI's one output layer: the migration report's JSON, CRIU's statistics, byte counts. */
class ReportTest {
    @Test
    void migrationReportIsOneLineOfSnakeCaseJson() {
        var phases = new LinkedHashMap<String, Long>();
        phases.put("connect", 12L);
        phases.put("pre-copy", 300L);
        phases.put("transfer tail", 7L);
        MigrationReport r = new MigrationReport(List.of(new MigrationReport.Iteration(1, false, 100, 409600, 500000, 250),
                new MigrationReport.Iteration(2, true, -1, 8192, 9000, 40)), 900, 60, 509000, 4242, phases,
                List.of("pre-copy was skipped"));
        assertEquals("{\"iterations\":[{\"number\":1,\"final\":false,\"pages_written\":100,\"image_bytes\":409600,"
                + "\"wire_bytes\":500000,\"elapsed_ms\":250},{\"number\":2,\"final\":true,\"pages_written\":-1,"
                + "\"image_bytes\":8192,\"wire_bytes\":9000,\"elapsed_ms\":40}],\"total_ms\":900,\"downtime_ms\":60,"
                + "\"bytes_sent\":509000,\"target_pid\":4242,\"phases\":{\"connect\":12,\"pre_copy\":300,\"transfer_tail\":7},"
                + "\"notes\":[\"pre-copy was skipped\"]}", Report.json(r));
        StringWriter text = new StringWriter();
        Report.print(new PrintWriter(text, true), r);
        assertTrue(text.toString().contains("  dump     2: ? pages, 8.0 KiB of images, 8.8 KiB sent, 40 ms"), text.toString());
        assertTrue(text.toString().contains("  phases: connect 12 ms, pre-copy 300 ms, transfer tail 7 ms"), text.toString());
    }

    @Test
    void dumpStatisticsCarryEveryCounterInJsonAndLazyPagesWhenThereAreAny() {
        DumpStats s = new DumpStats(Duration.ofNanos(1_500_000), Duration.ofMillis(20), Duration.ofMillis(3),
                Duration.ofMillis(4), 1000, 600, 400, 0);
        assertEquals(List.of("freezing_time_us", "frozen_time_us", "memdump_time_us", "memwrite_time_us", "pages_scanned",
                "pages_skipped_parent", "pages_written", "pages_lazy"), List.copyOf(StatsView.json(s).keySet()));
        assertEquals(1500L, StatsView.json(s).get("freezing_time_us"));
        StringWriter text = new StringWriter();
        StatsView.print(new PrintWriter(text, true), s);
        assertTrue(text.toString().contains("  freezing time   1.5 ms"), text.toString());
        assertFalse(text.toString().contains("lazy"), text.toString());
        StatsView.print(new PrintWriter(text, true), new DumpStats(Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 10, 0, 2, 8));
        assertTrue(text.toString().contains("  pages lazy      8"), text.toString());
    }

    @Test
    void sizesAreWrittenOneWay() {
        assertEquals("0 B", Sizes.human(0));
        assertEquals("1023 B", Sizes.human(1023));
        assertEquals("1.0 KiB", Sizes.human(1024));
        assertEquals("2.5 MiB", Sizes.human(5L << 19));
        assertEquals("124 KiB", Sizes.human(124 << 10));
        assertEquals("1.0 GiB", Sizes.human((1L << 30) - 1));
        assertEquals("100 KiB", Sizes.human(102_380));
        assertEquals("99.9 KiB", Sizes.human(102_300));
    }
}
