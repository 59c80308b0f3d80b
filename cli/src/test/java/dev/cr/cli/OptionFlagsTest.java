package dev.cr.cli;

import dev.cr.engine.criu.FailureCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine names options as its API does; cr's error screen names them as cr's flags. */
class OptionFlagsTest {
    /** An option or call as the engine writes it, left over in text meant for cr's prompt. */
    static final Pattern ENGINE_OPTION = Pattern.compile("\\b[A-Za-z][A-Za-z]*\\([^()]*\\)");

    @TempDir Path tmp;

    @Test
    void everyOptionTheFailureCatalogAsksForHasItsFlag() {
        for (FailureCause c : FailureCause.values()) {
            for (String text : new String[] {c.summary(), c.fix()}) {
                String shown = OptionFlags.named(text);
                assertFalse(ENGINE_OPTION.matcher(shown).find(), c + ": an option without a flag in '" + shown + "'");
                assertFalse(text.matches(".*\\bcr (check|dump|restore|lxc|serve|migrate)\\b.*"), c + ": the engine names a command: " + text);
            }
        }
        assertEquals("dump and restore it with --shell-job, or start it detached from the terminal (setsid, no tty)",
                OptionFlags.named(FailureCause.CONTROLLING_TERMINAL.fix()));
        assertTrue(OptionFlags.named(FailureCause.NETWORK_LOCK_TOOL_MISSING.fix()).endsWith("--network-lock nftables"));
        assertTrue(OptionFlags.named(FailureCause.OTHER_USER_NEEDS_CAP_SYS_RESOURCE.fix()).contains("`cr check` lists what root lacks"));
    }

    @Test
    void textWithoutOptionsIsLeftAsItIs() {
        String plain = "pid 42 (sleep) runs as nobody (uid 65534); errno(5) is not an option";
        assertEquals(plain, OptionFlags.named(plain));
    }

    @Test
    void crPackOfAnIncrementalCheckpointNamesTheFlag() throws Exception {
        Path pre = Files.createDirectories(tmp.resolve("pre1"));
        Files.writeString(pre.resolve("pages-1.img"), "pre-dump pages");
        Path dump = Files.createDirectories(tmp.resolve("dump"));
        Files.writeString(dump.resolve("pages-1.img"), "final pages");
        Files.createSymbolicLink(dump.resolve("parent"), Path.of("../pre1"));
        CrRun r = CrRun.cr("pack", dump.toString(), tmp.resolve("chain.tar").toString());
        assertEquals(Cli.FAILED, r.status());
        assertTrue(r.err().contains("fix: pack with --with-parents to include the parent chain"), r.err());
        assertFalse(r.err().contains("withParents"), r.err());
    }
}
