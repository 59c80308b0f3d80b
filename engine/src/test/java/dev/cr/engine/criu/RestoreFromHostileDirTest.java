package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CRIU writes its log and {@code stats-restore} into the images directory when no log directory is given, and it
 * follows links when it does. A directory made to mislead (docs/security.md, "a crafted archive or image directory")
 * with those names as links out would have root's restore write through them. Refused before CRIU runs.
 */
class RestoreFromHostileDirTest {
    @TempDir
    Path tmp;

    @Test
    void aStatsFileThatIsALinkOutIsRefusedBeforeCriuRuns() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        Path dir = Files.createDirectories(tmp.resolve("images"));
        Files.writeString(dir.resolve("inventory.img"), "not a real inventory");
        Path outside = tmp.resolve("outside-stats");
        Files.createSymbolicLink(dir.resolve("stats-restore"), outside);
        CriuException e = assertThrows(CriuException.class, () -> Criu.at(bin).restore(RestoreOptions.builder(dir).build()));
        assertTrue(e.cause().contains("stats-restore") && e.cause().contains("link"), e.cause());
        assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS), "nothing written through the link");
    }

    /** The next log name is chosen without following links: a dangling link of that name is taken, not written through. */
    @Test
    void aLogNameThatIsADanglingLinkIsNotChosen() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path outside = tmp.resolve("outside-log");
        for (String name : new String[] {"restore-" + ts + ".log", "restore-" + Instant.now().plusSeconds(1)
                .truncatedTo(ChronoUnit.SECONDS) + ".log"})
            Files.createSymbolicLink(dir.resolve(name), outside);
        Path chosen = Criu.LogName.next(dir, "restore");
        assertFalse(Files.isSymbolicLink(chosen), "chose " + chosen + ", not one of the links");
    }
}
