package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The post-copy verdict from its facts, and on this host against what its own /proc says. */
class PostCopySupportTest {
    private static final long DEFAULT_PIPE_MAX = 1_048_576;

    @Test
    void theHostOfTheseSessionsIsRefusedForThePipeAndToldTheFix() {
        // Kernel 6.18 with userfaultfd, default fs.pipe-max-size, root without CAP_SYS_RESOURCE.
        PostCopySupport s = PostCopySupport.assess(true, DEFAULT_PIPE_MAX, false);
        assertFalse(s.possible());
        assertEquals(1, s.obstacles().size(), s.obstacles().toString());
        assertTrue(s.obstacles().getFirst().contains("3,354,624"), s.obstacles().toString());
        assertTrue(s.obstacles().getFirst().contains("1,048,576"), s.obstacles().toString());
        assertTrue(s.obstacles().getFirst().contains("CAP_SYS_RESOURCE"), s.obstacles().toString());
        assertTrue(s.fix().orElseThrow().contains("fs.pipe-max-size=4194304"), s.fix().toString());
        assertTrue(s.summary().startsWith("no: CRIU's lazy page server"), s.summary());
    }

    @Test
    void eitherTheCapabilityOrALargeEnoughPipeLimitIsEnough() {
        assertTrue(PostCopySupport.assess(true, DEFAULT_PIPE_MAX, true).possible(), "CAP_SYS_RESOURCE (the VM)");
        assertTrue(PostCopySupport.assess(true, PostCopySupport.PAGE_SERVER_PIPE_BYTES, false).possible(), "exactly the size asked");
        assertFalse(PostCopySupport.assess(true, PostCopySupport.PAGE_SERVER_PIPE_BYTES - 1, false).possible(), "one byte short");
        PostCopySupport yes = PostCopySupport.assess(true, 4_194_304, false);
        assertEquals("yes", yes.summary());
        assertTrue(yes.obstacles().isEmpty());
        assertTrue(yes.fix().isEmpty());
    }

    @Test
    void noUserfaultfdIsAnObstacleOfItsOwnAndAnUnreadableLimitCountsAsTooSmall() {
        PostCopySupport s = PostCopySupport.assess(false, -1, false);
        assertFalse(s.possible());
        assertEquals(2, s.obstacles().size(), s.obstacles().toString());
        assertTrue(s.obstacles().get(0).contains("userfaultfd"), s.obstacles().toString());
        assertTrue(s.obstacles().get(1).contains("cannot be read"), s.obstacles().toString());
        assertTrue(s.fix().orElseThrow().contains("CONFIG_USERFAULTFD"), s.fix().toString());
        assertFalse(PostCopySupport.assess(false, DEFAULT_PIPE_MAX, true).possible(), "the capability does not make up for the kernel");
    }

    /** The verdict here follows this host's /proc, read independently of the class. */
    @Test
    void theVerdictHereFollowsThisHostsLimitAndCapabilities() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        Features f = Criu.at(bin).features();
        // Read by cat: the JDK's Files.readString gets "1" out of this sysctl (see PostCopySupport).
        Process cat = new ProcessBuilder("cat", "/proc/sys/fs/pipe-max-size").start();
        long limit = Long.parseLong(new String(cat.getInputStream().readAllBytes()).trim());
        assertEquals(0, cat.waitFor());
        String capEff = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().split("\\s+")[1];
        boolean capSysResource = (Long.parseUnsignedLong(capEff, 16) & (1L << 24)) != 0;
        boolean expected = f.lazyPages() && (capSysResource || limit >= 3_354_624);
        PostCopySupport here = Criu.at(bin).postCopySupport();
        assertEquals(expected, here.possible(), here.summary());
        assertEquals(here.possible(), here.obstacles().isEmpty(), here.obstacles().toString());
        if (!capSysResource && limit < 3_354_624)
            assertTrue(here.summary().contains("fs.pipe-max-size is " + String.format("%,d", limit)), here.summary());
    }
}
