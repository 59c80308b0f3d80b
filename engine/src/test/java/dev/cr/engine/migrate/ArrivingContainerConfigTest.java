package dev.cr.engine.migrate;

import dev.cr.engine.migrate.target.ContainerPolicy;
import dev.cr.engine.migrate.target.LxcRestorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a trusted source sends as a container's directory, turned against the target (docs/security.md, "a trusted
 * source"): a snapshot directory that is a link elsewhere, a source directory prefix that is not a path, hooks
 * that liblxc would run as root on the target, a root filesystem outside the container's directory. The tree
 * receiver put these files in place; the check runs before anything is rewritten or handed to liblxc.
 */
class ArrivingContainerConfigTest {
    @TempDir
    Path tmp;

    private Path arrived(String config) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("lxc/c1"));
        Files.writeString(dir.resolve("config"), config);
        return dir;
    }

    private static String plain(Path dir) {
        return "lxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs\nlxc.uts.name = c1\n";
    }

    /** Finding 5: snaps/NAME arriving as a link made the rewrite follow it into another container's config. */
    @Test
    void aSnapshotDirectoryThatIsALinkIsRefusedAndNotWrittenThrough() throws Exception {
        Path dir = arrived(plain(null));
        Path other = Files.createDirectories(tmp.resolve("lxc/other"));
        String otherConfig = "lxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs\n"; // says the source's path on purpose
        Files.writeString(other.resolve("config"), otherConfig);
        Files.createDirectories(dir.resolve("snaps"));
        Files.createSymbolicLink(dir.resolve("snaps/snap0"), other);
        var e = assertThrows(MigrationException.class,
                () -> LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", ContainerPolicy.STRICT));
        assertTrue(e.cause().contains("snaps/snap0") && e.cause().contains("not a directory"), e.cause());
        assertEquals(otherConfig, Files.readString(other.resolve("config")), "the other container's config is untouched");
    }

    /** Finding 5: the source directory prefix from the wire must be an absolute, normalised path. */
    @Test
    void aSourceDirectoryThatIsNotAnAbsoluteNormalisedPathIsRefused() throws Exception {
        Path dir = arrived(plain(null));
        for (String bad : new String[] {"", "/", "relative/c1", "/var/lib/lxc/../lxc/c1", "/var/lib/lxc/c1/", "/var//lib/c1",
                "/var/lib/lxc/c1\nlxc.hook.pre-start = /bin/sh"}) {
            var e = assertThrows(MigrationException.class, () -> LxcRestorer.prepareConfig(dir, bad, ContainerPolicy.STRICT),
                    "refused: '" + bad + "'");
            assertTrue(e.cause().contains("source directory"), e.cause());
        }
        assertEquals(plain(null), Files.readString(dir.resolve("config")), "nothing was rewritten");
    }

    /** Finding 6: a hook in the config is a command liblxc runs as root on the target. */
    @Test
    void hooksAreRefusedUnlessServeAllowsThem() throws Exception {
        String withHook = plain(null) + "lxc.hook.pre-start = /bin/sh -c 'id > /tmp/pwned'\n";
        Path dir = arrived(withHook);
        var e = assertThrows(MigrationException.class,
                () -> LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", ContainerPolicy.STRICT));
        assertTrue(e.cause().contains("lxc.hook.pre-start"), e.cause());
        assertTrue(e.fix().orElseThrow().contains("allowHooks(true)"), e.fix().orElseThrow());

        LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", new ContainerPolicy(true, false));
        assertTrue(Files.readString(dir.resolve("config")).contains("lxc.hook.pre-start"), "allowed when serve says so");
    }

    /** Finding 6: a rootfs outside the container's directory would make liblxc mount and run a host directory. */
    @Test
    void aRootfsOutsideTheContainerDirectoryIsRefusedUnlessServeAllowsIt() throws Exception {
        for (String rootfs : new String[] {"dir:/", "/etc", "dir:/var/lib/lxc/c1/../../../../etc", "overlay:/:/tmp/up",
                "loop:/dev/sda", "relative"}) {
            Path dir = arrived("lxc.rootfs.path = " + rootfs + "\n");
            var e = assertThrows(MigrationException.class,
                    () -> LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", ContainerPolicy.STRICT), rootfs);
            assertTrue(e.cause().contains("lxc.rootfs.path"), e.cause());
            assertTrue(e.fix().orElseThrow().contains("allowOutsideRootfs(true)"), e.fix().orElseThrow());
            LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", new ContainerPolicy(false, true));
        }
        // the usual case: the source's rootfs inside its directory, rewritten to the target's
        Path dir = arrived(plain(null));
        LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", ContainerPolicy.STRICT);
        assertTrue(Files.readString(dir.resolve("config")).contains("dir:" + dir + "/rootfs"), Files.readString(dir.resolve("config")));
    }

    /** The snapshots' configs are held to the same rules. */
    @Test
    void aSnapshotConfigWithAHookIsRefused() throws Exception {
        Path dir = arrived(plain(null));
        Path snap = Files.createDirectories(dir.resolve("snaps/snap0"));
        Files.writeString(snap.resolve("config"), "lxc.rootfs.path = dir:/var/lib/lxc/c1/snaps/snap0/rootfs\nlxc.hook.mount = /x\n");
        var e = assertThrows(MigrationException.class,
                () -> LxcRestorer.prepareConfig(dir, "/var/lib/lxc/c1", ContainerPolicy.STRICT));
        assertTrue(e.cause().contains("lxc.hook.mount"), e.cause());
    }
}
