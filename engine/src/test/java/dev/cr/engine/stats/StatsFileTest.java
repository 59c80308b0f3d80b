package dev.cr.engine.stats;

import dev.cr.engine.CrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsFileTest {
    /** A stats-dump written by CRIU 4.2.1 on this machine (dump of a sleeping shell). */
    static final byte[] RECORDED = HexFormat.of().parseHex(
            "4059105506330957220000000a2008bc0110ef3518ae0720a50128393000381e4000480050065806600068007000");

    @Test
    void readsARecordedStatsDump(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("stats-dump"), RECORDED);
        DumpStats s = StatsFile.readDump(dir).orElseThrow();
        assertEquals(Duration.ofNanos(188_000), s.freezingTime());
        assertEquals(Duration.ofNanos(6_895_000), s.frozenTime());
        assertEquals(Duration.ofNanos(942_000), s.memdumpTime());
        assertEquals(Duration.ofNanos(165_000), s.memwriteTime());
        assertEquals(57, s.pagesScanned());
        assertEquals(0, s.pagesSkippedParent());
        assertEquals(30, s.pagesWritten());
        assertTrue(StatsFile.readRestore(dir).isEmpty(), "no stats-restore there");
    }

    /** A stats file that is a link to /dev/zero would be read until the heap runs out; it is refused unread. */
    @Test
    void aStatsFileThatIsALinkOrADeviceIsRefusedUnread(@TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("stats-dump"), Path.of("/dev/zero"));
        var e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(CrException.class, () -> StatsFile.readDump(dir)));
        assertTrue(e.cause().contains("not a regular file"), e.cause());
    }

    @Test
    void damagedFilesAreReportedNotGuessed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("stats-dump");
        Files.write(f, Arrays.copyOf(RECORDED, 20));
        var e = assertThrows(CrException.class, () -> StatsFile.readDump(dir));
        assertTrue(e.cause().contains("claims 34 bytes but 8 follow"), e.cause());
        byte[] wrongMagic = RECORDED.clone();
        wrongMagic[4] ^= 1;
        Files.write(f, wrongMagic);
        e = assertThrows(CrException.class, () -> StatsFile.readDump(dir));
        assertTrue(e.cause().contains("not those of a stats image"), e.cause());
    }
}
