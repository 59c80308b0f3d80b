package dev.cr.engine.criu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one reading of a failed CRIU run's log, on logs written from lines of real CRIU 4.2.1 failures; the runs that
 * produce them for real are in {@link FailureCatalogTest} (libcriu) and {@code ContainersTest} (liblxc).
 */
class FailureTest {
    @TempDir Path tmp;

    Path log(String... lines) throws Exception {
        return Files.write(tmp.resolve("dump.log"), List.of(lines));
    }

    @Test
    void aCatalogedCauseGivesItsWordsItsFixAndCriusHintAsTheEnginesOption() throws Exception {
        Path log = log("(00.1) Info: nothing", "(00.2) Error (criu/mount.c:1092): mnt: Mount 74 "
                + "./run/netns/x has unreachable sharing. Try --enable-external-masters.");
        Failure f = Failure.explain(log, "liblxc's dump failed (liblxc reported a failure without a reason)");
        assertEquals(FailureCause.OTHER_MOUNT_NAMESPACE, f.kind().orElseThrow());
        assertEquals(FailureCause.OTHER_MOUNT_NAMESPACE.summary(), f.cause());
        // The catalogued fix already names the option CRIU hints at: it is not added twice.
        assertEquals(FailureCause.OTHER_MOUNT_NAMESPACE.fix(), f.fix().orElseThrow());
        assertEquals(log, f.log().orElseThrow());
        assertEquals(2, f.lines().size(), f.lines().toString());
    }

    @Test
    void anUncataloguedErrorOpensWithHowTheRunEndedAndSkipsAHelpersExitLine() throws Exception {
        Path log = log("(00.1) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted",
                "(00.2) Error (criu/util.c:657): exited, status=3",
                "(00.3) Error (criu/net.c:1): Something new went wrong",
                "(00.4) Error (criu/cr-dump.c:1975): Dumping FAILED.");
        Failure f = Failure.explain(log, "CRIU failed (errno 5)");
        assertTrue(f.kind().isEmpty());
        assertEquals("CRIU failed (errno 5): Something new went wrong (an error cr has not catalogued yet)", f.cause());
        assertTrue(f.fix().orElseThrow().contains("report"), f.fix().orElseThrow());
        assertTrue(f.lines().stream().noneMatch(l -> l.contains("RLIMIT_NOFILE")), "the harmless line is left out: " + f.lines());
    }

    @Test
    void noLogAtAllSaysSo() {
        Failure f = Failure.explain(null, "liblxc's restore failed (liblxc error 1)");
        assertTrue(f.kind().isEmpty());
        assertTrue(f.log().isEmpty());
        assertTrue(f.fix().isEmpty());
        assertEquals("liblxc's restore failed (liblxc error 1); CRIU wrote no log", f.cause());
    }

    @Test
    void theExceptionOfACriuCallCarriesTheReading() throws Exception {
        Path log = log(" 12727: Error (criu/files-reg.c:2353): Can't open file var/lib/app/data.bin on restore: "
                + "No such file or directory", "(00.2) Error (criu/cr-restore.c:2331): Restoring FAILED.");
        CriuException e = Failure.of("restore from /x", -5, log, null, null);
        Failure f = Failure.explain(log, Failure.outcome(-5, null));
        assertEquals(FailureCause.FILE_MISSING_AT_RESTORE, e.kind().orElseThrow());
        assertEquals(f.cause(), e.cause());
        assertEquals(f.fix(), e.fix());
        assertEquals(f.lines(), e.logLines());
        assertEquals(log, e.logPath().orElseThrow());
        assertEquals("restore from /x", e.operation());
    }
}
