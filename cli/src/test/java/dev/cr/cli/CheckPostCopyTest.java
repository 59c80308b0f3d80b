package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.cr.cli.CrRun.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cr check}'s post-copy line against the real thing: scripts/lazy-pages-repro runs a lazy migration on
 * loopback with the real CRIU (dump --lazy-pages, lazy-pages --page-server, restore --lazy-pages) and a workload
 * that checks its memory. What cr check says must be what that run does, on whichever host runs the test.
 */
class CheckPostCopyTest {
    @Test
    void thePostCopyVerdictIsWhatALazyMigrationOnLoopbackDoes() throws Exception {
        Requirements.criu();
        Requirements.libcriu();
        Requirements.gcc();
        CrRun json = cr("check", "--json");
        assertEquals(0, json.status(), json.err());
        boolean possible = Boolean.parseBoolean(CriuCommandsTest.field(
                json.out().substring(json.out().indexOf("\"post_copy\"")), "possible"));

        Path script = Requirements.projectRoot().resolve("scripts/lazy-pages-repro");
        Process p = new ProcessBuilder(script.toString(), "--seconds", "2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "lazy-pages-repro did not end");
        int rc = p.exitValue();
        assertTrue(rc == 0 || rc == 1, "lazy-pages-repro could not run (exit " + rc + "):\n" + out);
        assertEquals(possible, rc == 0, "cr check says post-copy possible=" + possible + ", the lazy migration:\n" + out);

        CrRun human = cr("check");
        assertTrue(human.out().contains("post-copy    " + (possible ? "yes" : "no: ")), human.out());
        if (!possible) assertTrue(human.out().contains("fix: "), human.out());
    }
}
