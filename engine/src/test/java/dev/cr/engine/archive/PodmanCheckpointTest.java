package dev.cr.engine.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Archives laid out like `podman container checkpoint --export` writes them (gzip-compressed tar). */
class PodmanCheckpointTest {
    @TempDir
    Path tmp;

    private static void put(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private Path podmanArchive(boolean withCheckpoint) throws IOException {
        Path file = tmp.resolve("export.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Compression.GZIP.compress(Files.newOutputStream(file)))) {
            put(tar, "config.dump", "{\"id\":\"abc\"}");
            put(tar, "spec.dump", "{\"ociVersion\":\"1.0.2\"}");
            put(tar, "stats-dump", "stats");
            put(tar, "network.status", "[]");
            if (withCheckpoint) {
                put(tar, "checkpoint/inventory.img", "inv");
                put(tar, "checkpoint/pages-1.img", "pages");
            }
            put(tar, "rootfs-diff.tar", "x".repeat(100_000));
            tar.finish();
        }
        return file;
    }

    @Test
    void extractsOnlyTheCheckpointAndItsSideFiles() throws IOException {
        Path root;
        try (PodmanCheckpoint cp = PodmanCheckpoint.open(podmanArchive(true))) {
            root = cp.root();
            assertEquals("inv", Files.readString(cp.imagesDir().resolve("inventory.img")));
            assertEquals("pages", Files.readString(cp.imagesDir().resolve("pages-1.img")));
            assertEquals("{\"id\":\"abc\"}", Files.readString(cp.configDump().orElseThrow()));
            assertTrue(Files.readString(cp.specDump().orElseThrow()).contains("ociVersion"));
            assertEquals("stats", Files.readString(cp.statsDump().orElseThrow()));
            assertFalse(Files.exists(root.resolve("rootfs-diff.tar")), "the root fs diff is skipped");
            assertFalse(Files.exists(root.resolve("network.status")));
        }
        assertFalse(Files.exists(root), "close removes the temporary directory");
    }

    @Test
    void anArchiveWithoutCheckpointDirectoryIsRefused() throws IOException {
        Path archive = podmanArchive(false);
        ArchiveException e = assertThrows(ArchiveException.class, () -> PodmanCheckpoint.open(archive));
        assertTrue(e.cause().contains("no checkpoint/ directory"), e.cause());
    }

    @Test
    void hostileEntriesAreRefusedHereToo() throws IOException {
        Path file = tmp.resolve("evil.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            TarArchiveEntry e = new TarArchiveEntry("checkpoint/l", TarArchiveEntry.LF_SYMLINK);
            e.setLinkName("/etc");
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            tar.finish();
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> PodmanCheckpoint.open(file));
        assertTrue(e.cause().contains("'checkpoint/l'") && e.cause().contains("pointing out"), e.cause());
    }
}
