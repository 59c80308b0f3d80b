package dev.cr.engine.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The AOT training's loopback rehearsal goes through every step up to the restore, which the target refuses. */
class MigrationRehearsalTest {
    @TempDir
    Path scratch;

    @Test
    void rehearsalReachesTheRefusedRestore() throws Exception {
        String end = MigrationRehearsal.run(scratch);
        // The refusal travels back from the target: identities, token, TLS, hello, images and Restore all worked.
        assertTrue(end.contains(MigrationRehearsal.REFUSAL), end);
        long left = -1;
        for (int i = 0; i < 50 && left != 0; i++) { // the target cleans up on its own thread, after answering
            if (i > 0) Thread.sleep(100);
            try (var incoming = Files.list(scratch.resolve("serve/incoming"))) {
                left = incoming.count();
            }
        }
        assertEquals(0, left, "the target removed what it received");
    }
}
