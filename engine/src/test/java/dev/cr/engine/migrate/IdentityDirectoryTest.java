package dev.cr.engine.migrate;

import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Finding 7 of the security review (docs/security.md, "a local user on either host"): the identity's key is
 * protected by the modes of its directory and file only, so they are checked on every load, not just when cr
 * created them. A directory another user can write, or a key another user can read, is refused with the fix.
 */
class IdentityDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryOrKeyOthersCanReachIsRefusedOnEveryLoad() throws Exception {
        Path dir = tmp.resolve("identity");
        Identity.loadOrCreate(dir, "test"); // created 0700 / 0600
        Path key = dir.resolve(Identity.FILE);

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        var e = assertThrows(MigrationException.class, () -> Identity.loadOrCreate(dir, "test"));
        assertTrue(e.cause().contains(dir.toString()) && e.cause().contains("rwxrwxrwx"), e.cause());
        assertTrue(e.fix().orElseThrow().contains("chmod 700"), e.fix().orElseThrow());

        // Readable by others is refused too: on a target, the received checkpoints (process memory) are below it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        e = assertThrows(MigrationException.class, () -> Identity.loadOrCreate(dir, "test"));
        assertTrue(e.cause().contains("rwxr-xr-x"), e.cause());

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        e = assertThrows(MigrationException.class, () -> Identity.loadOrCreate(dir, "test"));
        assertTrue(e.cause().contains(Identity.FILE) && e.cause().contains("rw-r--r--"), e.cause());

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Identity.loadOrCreate(dir, "test"); // as cr made them: loads
    }

    @Test
    void aKeyOwnedByAnotherUserIsRefused() throws Exception {
        Requirements.root();
        Path dir = tmp.resolve("identity");
        Identity.loadOrCreate(dir, "test");
        Files.setAttribute(dir.resolve(Identity.FILE), "unix:uid", 4321, LinkOption.NOFOLLOW_LINKS);
        var e = assertThrows(MigrationException.class, () -> Identity.loadOrCreate(dir, "test"));
        assertTrue(e.cause().contains("owned by uid 4321"), e.cause());
    }

    @Test
    void aKeyThatIsALinkIsRefused() throws Exception {
        Path real = tmp.resolve("real");
        Identity.loadOrCreate(real, "test");
        Path dir = Files.createDirectory(tmp.resolve("identity"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(dir.resolve(Identity.FILE), real.resolve(Identity.FILE));
        var e = assertThrows(MigrationException.class, () -> Identity.loadOrCreate(dir, "test"));
        assertTrue(e.cause().contains("symbolic link"), e.cause());
    }
}
