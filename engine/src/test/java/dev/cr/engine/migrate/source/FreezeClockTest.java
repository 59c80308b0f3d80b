package dev.cr.engine.migrate.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the downtime starts: the freeze, read from CRIU's log or statistics, never the call of CRIU. */
class FreezeClockTest {
    private static final long CALLED = 100_000_000L;
    private static final long POST_DUMP = 3_000_000_000L;

    /** The lines of a dump log at level 4 that matter, around lines that do not (as CRIU 4.2.1 writes them). */
    private static final List<String> SEIZED = List.of(
            "(00.000076) Running on vm Linux 6.18.44 #1 SMP PREEMPT_DYNAMIC @0 x86_64",
            "(00.049769) Running pre-dump scripts",
            "(00.050481) Detected cgroup V1 freezer",
            "(00.050596) Seized task 6747, state 1",
            "(00.050622) Collected (4 attempts, 0 in_progress)",
            "(00.061000) Seized task 6750, state 1",
            "(00.062597) Running post-dump scripts",
            "(00.062602) \tUnseizing 6747 into 2");

    @Test
    void theFirstSeizedTaskMarksTheFreezeTheirDistanceBeforeThePostDumpStage() {
        // 62.597 - 50.596 ms: the freeze came 12.001 ms before cr saw the post-dump stage.
        assertEquals(OptionalLong.of(POST_DUMP - 12_001_000L), FreezeClock.fromLog(CALLED, POST_DUMP, SEIZED, -1));
    }

    @Test
    void aFrozenCgroupIsLoggedWhenCompleteSoItsFreezingTimeComesOff() {
        List<String> log = List.of("(01.200000) Running pre-dump scripts",
                "(01.500000) freezing processes: 3 attempts done",
                "(01.500100) Seized task 10, state 1",
                "(03.500000) Running post-dump scripts");
        assertEquals(OptionalLong.of(POST_DUMP - 2_020_000_000L), FreezeClock.fromLog(CALLED, POST_DUMP, log, 20));
        assertEquals(OptionalLong.of(POST_DUMP - 2_000_000_000L), FreezeClock.fromLog(CALLED, POST_DUMP, log, -1));
    }

    @Test
    void aLogWithoutEitherLineOrBeyondTheCallSaysNothingOrIsBounded() {
        assertEquals(OptionalLong.empty(), FreezeClock.fromLog(CALLED, POST_DUMP, SEIZED.subList(0, 6), -1), "no post-dump line");
        assertEquals(OptionalLong.empty(), FreezeClock.fromLog(CALLED, POST_DUMP,
                List.of("(00.049769) Running pre-dump scripts", "(00.062597) Running post-dump scripts"), -1), "nothing seized");
        // A log claiming a freeze before cr even called CRIU (another run's log, a clock step) is held to the call.
        List<String> longAgo = List.of("(00.000001) Seized task 1, state 1", "(99.000000) Running post-dump scripts");
        assertEquals(OptionalLong.of(CALLED), FreezeClock.fromLog(CALLED, POST_DUMP, longAgo, -1));
    }

    @Test
    void theStatisticsPutTheFreezeFrozenPlusFreezingBeforeTheReturn() {
        long returned = 5_000_000_000L;
        assertEquals(OptionalLong.of(returned - 1_530_000_000L), FreezeClock.fromStatistics(CALLED, returned, 1500, 30));
        assertEquals(OptionalLong.of(returned - 1_500_000_000L), FreezeClock.fromStatistics(CALLED, returned, 1500, -1));
        assertEquals(OptionalLong.of(CALLED), FreezeClock.fromStatistics(CALLED, returned, 60_000, 30), "bounded by the call");
        assertEquals(OptionalLong.empty(), FreezeClock.fromStatistics(CALLED, returned, -1, 30));
    }

    @Test
    void theLogWinsThenTheStatisticsThenTheCall(@TempDir Path tmp) throws Exception {
        Path log = Files.write(tmp.resolve("dump.log"), SEIZED);
        long returned = 5_000_000_000L;
        Checkpointer.DumpFacts stats = new Checkpointer.DumpFacts(10, 1500, 30, log);
        assertEquals(POST_DUMP - 12_001_000L, FreezeClock.of(CALLED, POST_DUMP, returned, stats, log));
        Path quiet = Files.write(tmp.resolve("quiet.log"), List.of("(00.010000) Error (criu/cr-dump.c:1): nothing else at level 1"));
        assertEquals(returned - 1_530_000_000L, FreezeClock.of(CALLED, POST_DUMP, returned, stats, quiet));
        assertEquals(returned - 1_530_000_000L, FreezeClock.of(CALLED, POST_DUMP, returned, stats, tmp.resolve("gone.log")));
        assertEquals(CALLED, FreezeClock.of(CALLED, POST_DUMP, 0, null, quiet), "a lazy dump with a quiet log");
    }
}
