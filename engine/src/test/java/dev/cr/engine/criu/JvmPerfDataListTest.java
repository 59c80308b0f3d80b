package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile image directories: the restore runs as root and the directory may come from another host (cr migrate,
 * cr unpack), so jvm-perfdata.list must not make root write anything but a JVM's own performance-data file.
 * Each case is put back under a scratch root file system (RestoreOptions' --root), and nothing may appear there.
 */
class JvmPerfDataListTest {
    @TempDir Path tmp;
    Path images;
    Path root;

    @BeforeEach
    void dirs() throws Exception {
        Requirements.root(); // the put-back sets owners
        images = Files.createDirectories(tmp.resolve("images"));
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("etc"));
        Files.write(images.resolve("jvm-perfdata-1"), new byte[32768]);
    }

    void list(String... lines) throws Exception {
        Files.write(images.resolve(JvmPerfData.LIST), List.of(lines));
    }

    CriuException refused() {
        CriuException e = assertThrows(CriuException.class, () -> JvmPerfData.putBack("restore", images, root.toString()));
        assertTrue(e.cause().startsWith("refusing to put back what jvm-perfdata.list names"), e.cause());
        return e;
    }

    List<Path> everythingUnder(Path p) throws Exception {
        try (var w = Files.walk(p)) {
            return w.filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    @Test
    void aPerformanceDataFileIsPutBackAsTheJvmMadeIt() throws Exception {
        list("jvm-perfdata-1\t600\t0\t0\t/tmp/hsperfdata_root/4242");
        List<Path> made = JvmPerfData.putBack("restore", images, root.toString());
        Path f = root.resolve("tmp/hsperfdata_root/4242");
        assertEquals(List.of(f), made);
        assertEquals(32768, Files.size(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
        // And a file that is there is left alone.
        Files.write(f, new byte[] {1});
        assertEquals(List.of(), JvmPerfData.putBack("restore", images, root.toString()));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(f));
    }

    @Test
    void aPathThatIsNoPerformanceDataFileIsRefused() throws Exception {
        for (String path : List.of("/etc/cron.d/evil", "/tmp/hsperfdata_root/../../etc/evil", "/tmp/hsperfdata_root/4242/x",
                "/root/.ssh/authorized_keys", "tmp/hsperfdata_root/4242", "/tmp/hsperfdata_/1", "/tmp/hsperfdata_../1")) {
            list("jvm-perfdata-1\t600\t0\t0\t" + path);
            refused();
        }
        assertEquals(List.of(), everythingUnder(root));
    }

    @Test
    void aCopyOutsideTheImageDirectoryIsRefused() throws Exception {
        Files.writeString(tmp.resolve("secret"), "not for you");
        list("../secret\t600\t0\t0\t/tmp/hsperfdata_root/4242");
        refused();
        assertEquals(List.of(), everythingUnder(root));
    }

    @Test
    void anotherModeOrOwnerIsRefused() throws Exception {
        list("jvm-perfdata-1\t4755\t0\t0\t/tmp/hsperfdata_root/4242");   // a setuid root file of the list's bytes
        refused();
        list("jvm-perfdata-1\t600\t0\t0\t/tmp/hsperfdata_nobody/4242");  // nobody's directory, root's file
        refused();
        list("jvm-perfdata-1\t600\t0\t0\t/tmp/hsperfdata_no-such-user-here/4242");
        refused();
        assertEquals(List.of(), everythingUnder(root));
    }

    @Test
    void aDirectoryThatIsALinkOrSomeoneElsesIsRefused() throws Exception {
        // Anyone can make /tmp/hsperfdata_root while it does not exist: as a link to /etc, say.
        Files.createSymbolicLink(root.resolve("tmp/hsperfdata_root"), root.resolve("etc"));
        list("jvm-perfdata-1\t600\t0\t0\t/tmp/hsperfdata_root/4242");
        refused();
        Files.delete(root.resolve("tmp/hsperfdata_root"));
        Path theirs = Files.createDirectory(root.resolve("tmp/hsperfdata_root"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        refused();
        assertEquals(List.of(), everythingUnder(root));
        assertFalse(Files.exists(root.resolve("etc/4242")));
    }

    @Test
    void anOversizedCopyIsRefused() throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(images.resolve("jvm-perfdata-1"), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), JvmPerfData.MAX_SIZE); // sparse: MAX_SIZE + 1 bytes
        }
        list("jvm-perfdata-1\t600\t0\t0\t/tmp/hsperfdata_root/4242");
        refused();
    }
}
