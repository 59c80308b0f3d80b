package dev.cr.ffm.libc;

import dev.cr.ffm.CLayoutProbe;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** struct open_how against gcc's view of linux/openat2.h, and the constants against the C headers. */
class Openat2LayoutTest {
    @Test
    void openHowMatchesTheCHeader(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/gcc"))) {
            if ("1".equals(System.getenv("CR_REQUIRE_CRIU"))) Assertions.fail("this test needs gcc (CR_REQUIRE_CRIU=1)");
            Assumptions.abort("this test needs gcc; skipped");
        }
        var probe = new CLayoutProbe(List.of("linux/openat2.h"), List.of(new CLayoutProbe.Struct("struct open_how", open_how.layout())));
        assertEquals(List.of(), probe.differences(dir), "open_how differs from gcc's");
        Path c = dir.resolve("consts.c");
        Files.writeString(c, """
                #define _GNU_SOURCE
                #include <fcntl.h>
                #include <stdio.h>
                #include <sys/syscall.h>
                #include <linux/openat2.h>
                int main(void) {
                    printf("%ld %d %d %d %d %d %d %d %d %d %d %d\\n", (long) SYS_openat2, AT_FDCWD, O_NONBLOCK, O_DIRECTORY,
                           O_NOFOLLOW, O_CLOEXEC, O_PATH, RESOLVE_NO_XDEV, RESOLVE_NO_MAGICLINKS, RESOLVE_NO_SYMLINKS,
                           RESOLVE_BENEATH, O_RDONLY);
                    return 0;
                }
                """);
        Path bin = dir.resolve("consts");
        Process gcc = new ProcessBuilder("gcc", "-o", bin.toString(), c.toString()).redirectErrorStream(true).start();
        String err = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), err);
        Process run = new ProcessBuilder(bin.toString()).start();
        String got = new String(run.getInputStream().readAllBytes()).strip();
        assertEquals(0, run.waitFor());
        String java = openat2_h.SYS_openat2() + " " + openat2_h.AT_FDCWD() + " " + openat2_h.O_NONBLOCK() + " "
                + openat2_h.O_DIRECTORY() + " " + openat2_h.O_NOFOLLOW() + " " + openat2_h.O_CLOEXEC() + " " + openat2_h.O_PATH()
                + " " + openat2_h.RESOLVE_NO_XDEV() + " " + openat2_h.RESOLVE_NO_MAGICLINKS() + " " + openat2_h.RESOLVE_NO_SYMLINKS()
                + " " + openat2_h.RESOLVE_BENEATH() + " " + openat2_h.O_RDONLY();
        assertEquals(got, java, "constants as the C headers define them");
    }
}
