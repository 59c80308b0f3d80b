package dev.cr.engine.migrate;

import dev.cr.engine.migrate.source.LxcCheckpointer;
import dev.cr.engine.migrate.target.LxcRestorer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The path facts of a container migration: which rootfs values are movable, and the config rewrite. */
class ContainerPathsTest {
    @TempDir
    Path tmp;

    @Test
    void onlyPlainDirectoryRootfsIsMovable() {
        assertEquals(Path.of("/var/lib/lxc/c1/rootfs"), LxcCheckpointer.rootfsDirectory("dir:/var/lib/lxc/c1/rootfs"));
        assertEquals(Path.of("/var/lib/lxc/c1/rootfs"), LxcCheckpointer.rootfsDirectory("/var/lib/lxc/c1/rootfs"));
        for (String other : new String[] {"btrfs:/var/lib/lxc/c1/rootfs", "overlay:/a:/b", "loop:/x.img", "lvm:/dev/vg/c1",
                "zfs:pool/c1", "", "relative/rootfs"})
            assertNull(LxcCheckpointer.rootfsDirectory(other), other);
    }

    @Test
    void configPathsOfTheSourceDirectoryBecomeTheTargets() throws Exception {
        Path config = tmp.resolve("config");
        Files.writeString(config, """
                lxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs
                lxc.log.file = /var/lib/lxc/c1/c1.log
                lxc.mount.fstab = /var/lib/lxc/c1
                lxc.mount.entry = /var/lib/lxc/c10/shared srv none bind 0 0
                lxc.uts.name = c1
                """);
        LxcRestorer.rewriteConfig(config, "/var/lib/lxc/c1", "/srv/lxc/c1");
        assertEquals("""
                lxc.rootfs.path = dir:/srv/lxc/c1/rootfs
                lxc.log.file = /srv/lxc/c1/c1.log
                lxc.mount.fstab = /srv/lxc/c1
                lxc.mount.entry = /var/lib/lxc/c10/shared srv none bind 0 0
                lxc.uts.name = c1
                """, Files.readString(config), "only whole path prefixes are rewritten (c10 is another container)");
    }

    @Test
    void aConfigThatIsALinkIsNotWrittenThrough() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside"), "lxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs\n");
        Path config = Files.createSymbolicLink(tmp.resolve("config"), outside);
        LxcRestorer.rewriteConfig(config, "/var/lib/lxc/c1", "/srv/lxc/c1");
        assertEquals("lxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs\n", Files.readString(outside));
    }
}
