package dev.cr.examples.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.testing.Requirements;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example manager does what docs/library.md says it does, with the real CRIU on a real process. */
class ManagerTest {
    @TempDir Path tmp;

    @Test
    void checkpointsRestoresAndInspectsARealJob() throws Exception {
        Criu criu = Criu.at(Requirements.criu());
        Requirements.libcriu();

        Manager.Report r = new Manager(criu, tmp).run();

        assertTrue(Manager.sawPostDump(r), "the listener heard post-dump: " + r.notifications());
        assertTrue(r.countAfterRestore() > r.countAtDump(), "the restored job counts on: " + r);
        assertNotEquals(r.dumpedPid(), r.restoredPid());
        assertEquals(1, r.tree().stream().filter(l -> l.startsWith("1 sh ")).count(), "the tree's root is the shell: " + r.tree());
        assertTrue(r.tree().getFirst().contains("while :"), "its command line is read from the checkpoint: " + r.tree());
        assertTrue(r.openFiles() >= 3, "stdin, stdout and stderr at least: " + r.openFiles());
        assertTrue(Files.isRegularFile(r.dumpLog()), "the dump's log is kept: " + r.dumpLog());

        var out = new ByteArrayOutputStream();
        Manager.print(r, new PrintStream(out, true));
        assertTrue(out.toString().contains("the count went on from " + r.countAtDump()), out.toString());
    }
}
