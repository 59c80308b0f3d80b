package dev.cr.engine.testing;

import dev.cr.engine.criu.CriuBinary;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test needs from the machine. Outside CI a missing requirement skips the test with a message;
 * with {@code CR_REQUIRE_CRIU=1} (CI) it fails the test instead, so nothing that should run is skipped silently.
 */
public final class Requirements {
    private Requirements() {}

    public static boolean strict() {
        return "1".equals(System.getenv("CR_REQUIRE_CRIU"));
    }

    private static void need(boolean met, String what) {
        if (met) return;
        String msg = "this test needs " + what;
        if (strict()) Assertions.fail(msg + " (CR_REQUIRE_CRIU=1: failing instead of skipping)");
        Assumptions.abort(msg + "; skipped (set CR_REQUIRE_CRIU=1 to fail instead)");
    }

    public static boolean isRoot() {
        return dev.cr.engine.criu.Criu.isRoot();
    }

    public static void root() {
        need(isRoot(), "root");
    }

    /** Root and a CRIU executable (run scripts/provision). */
    public static Path criu() {
        root();
        var found = CriuBinary.find(null);
        need(found.isPresent(), "a CRIU executable (run scripts/provision)");
        return found.orElseThrow();
    }

    public static void libcriu() {
        root();
        need(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcriu.so.2")), "libcriu.so.2 (apt-get install criu)");
    }

    public static void liblxc() {
        criu();
        need(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/liblxc.so.1")), "liblxc.so.1 (apt-get install liblxc1)");
    }

    /** Post-copy can work on this host (cr check's post-copy line: lazy pages, and CRIU's page server gets its pipe). */
    public static void postCopy() {
        Path criu = criu();
        var support = dev.cr.engine.criu.Criu.at(criu).postCopySupport();
        need(support.possible(), "post-copy (" + support.summary() + "; fix: " + support.fix().orElse("none known")
                + "; scripts/provision raises fs.pipe-max-size)");
    }

    public static void gcc() {
        need(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc");
    }

    /** The root of the cr source tree (for testdata/ and scripts/). */
    public static Path projectRoot() {
        String env = System.getenv("CR_PROJECT_ROOT");
        Path p = env != null ? Path.of(env) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("testdata")) ) p = p.getParent();
        Assertions.assertNotNull(p, "cannot find the cr source tree (no testdata/ above the working directory)");
        return p;
    }
}
