package dev.cr.engine.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointArchiveTest {
    @TempDir
    Path tmp;

    /** A directory shaped like a checkpoint: image files of several sizes, a subdirectory, an inside link. */
    private Path sampleCheckpoint(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Random r = new Random(42);
        byte[] pages = new byte[3 << 20];
        r.nextBytes(pages);
        Arrays.fill(pages, 1 << 20, 2 << 20, (byte) 0); // zero pages, as real dumps have
        Files.write(dir.resolve("pages-1.img"), pages);
        Files.writeString(dir.resolve("inventory.img"), "inventory");
        Files.write(dir.resolve("empty.img"), new byte[0]);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/core-1.img"), "core");
        Files.createSymbolicLink(dir.resolve("sub/link"), Path.of("core-1.img"));
        return dir;
    }

    private static void assertSameTree(Path a, Path b) throws IOException {
        try (Stream<Path> s = Files.walk(a)) {
            for (Path p : s.toList()) {
                Path q = b.resolve(a.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    assertEquals(Files.readSymbolicLink(p), Files.readSymbolicLink(q), "link " + p);
                } else if (Files.isRegularFile(p)) {
                    assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(q), "content of " + p);
                } else {
                    assertTrue(Files.isDirectory(q), "directory " + q);
                }
            }
        }
        try (Stream<Path> s1 = Files.walk(a); Stream<Path> s2 = Files.walk(b)) {
            assertEquals(s1.count(), s2.count(), "same number of entries");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripKeepsEveryFileAndItsContent(Compression c) throws IOException {
        Path src = sampleCheckpoint("src");
        Path archive = tmp.resolve("cp" + c.suffix());
        PackResult packed = CheckpointArchive.pack(src, archive, PackOptions.defaults().compression(c));
        assertEquals(4, packed.files());
        assertEquals((3 << 20) + 9 + 4, packed.bytes());
        assertEquals(Files.size(archive), packed.archiveBytes());
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(archive))) {
            assertEquals(c, Compression.detect(in), "the archive starts with the magic of " + c);
        }
        if (c != Compression.NONE) assertTrue(packed.archiveBytes() < packed.bytes(), "zero pages compress");

        Path out = tmp.resolve("out");
        UnpackResult r = CheckpointArchive.unpack(archive, out);
        assertEquals(4, r.files());
        assertSameTree(src, out);
        assertFalse(Files.exists(out.resolve(Manifest.NAME)), "the manifest is not written out");
        assertNoStagingLeft();
    }

    @Test
    void unpackIntoAnExistingEmptyDirectoryWorksButNeverOverwrites() throws IOException {
        Path src = sampleCheckpoint("src");
        Path archive = tmp.resolve("a.tar.zst");
        CheckpointArchive.pack(src, archive, PackOptions.defaults());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CheckpointArchive.unpack(archive, empty);
        assertSameTree(src, empty);
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(archive, empty));
        assertTrue(e.cause().contains("not an empty directory"), e.cause());
        assertSameTree(src, empty);
    }

    @Test
    void parentChainIsPackedOnlyWhenAsked() throws IOException {
        Path pre = sampleCheckpoint("pre1");
        Path dump = Files.createDirectories(tmp.resolve("dump"));
        Files.writeString(dump.resolve("pages-1.img"), "final pages");
        Files.createSymbolicLink(dump.resolve("parent"), Path.of("../pre1"));
        Path archive = tmp.resolve("chain.tar.zst");

        ArchiveException e = assertThrows(ArchiveException.class,
                () -> CheckpointArchive.pack(dump, archive, PackOptions.defaults()));
        assertTrue(e.fix().orElseThrow().contains("withParents(true)"), e.fix().orElseThrow());
        assertFalse(Files.exists(archive), "a refused pack leaves no archive");

        CheckpointArchive.pack(dump, archive, PackOptions.defaults().withParents(true));
        Path out = tmp.resolve("out");
        CheckpointArchive.unpack(archive, out);
        assertEquals("final pages", Files.readString(out.resolve("pages-1.img")));
        assertTrue(Files.isDirectory(out.resolve("parent")) && !Files.isSymbolicLink(out.resolve("parent")),
                "the parent is a real directory inside the archive");
        assertSameTree(pre, out.resolve("parent"));
    }

    // ---- hostile archives, built here entry by entry ----

    private Path hostile(Consumer<TarArchiveOutputStream> body) throws IOException {
        Path file = tmp.resolve("hostile.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.accept(tar);
            tar.finish();
        }
        return file;
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) {
        try {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new RuntimeException(x);
        }
    }

    private static void special(TarArchiveOutputStream tar, String name, byte type, String link) {
        try {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            if (link != null) e.setLinkName(link);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new RuntimeException(x);
        }
    }

    private void assertRefused(Path archive, String entry, String why) {
        Path out = tmp.resolve("target");
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(archive, out, 1 << 20));
        assertTrue(e.cause().contains("'" + entry + "'"), "names the entry: " + e.cause());
        assertTrue(e.cause().contains(why), "says why (" + why + "): " + e.cause());
        assertFalse(Files.exists(out), "nothing written at the target");
        assertNoStagingLeft();
        assertFalse(Files.exists(tmp.resolve("evil")), "nothing written outside");
    }

    private void assertNoStagingLeft() {
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".cr-")).toList(), "staging removed");
        } catch (IOException e) {
            fail(e);
        }
    }

    private static final byte[] DATA = "x".getBytes(StandardCharsets.UTF_8);

    @Test
    void absolutePathRefused() throws IOException {
        assertRefused(hostile(t -> file(t, "/tmp/evil", DATA)), "/tmp/evil", "absolute path");
    }

    @Test
    void dotDotRefused() throws IOException {
        assertRefused(hostile(t -> { file(t, "ok.img", DATA); file(t, "a/../../evil", DATA); }), "a/../../evil", "'..'");
    }

    @Test
    void symlinkPointingOutRefused() throws IOException {
        assertRefused(hostile(t -> special(t, "l", TarArchiveEntry.LF_SYMLINK, "../evil")), "l", "pointing out");
        assertRefused(hostile(t -> special(t, "d/l", TarArchiveEntry.LF_SYMLINK, "/etc/passwd")), "d/l", "pointing out");
    }

    @Test
    void entryThroughALinkRefused() throws IOException {
        assertRefused(hostile(t -> {
            special(t, "d", TarArchiveEntry.LF_SYMLINK, "sub");
            file(t, "d/x", DATA);
        }), "d/x", "goes through the symbolic link");
    }

    @Test
    void hardLinkPointingOutRefused() throws IOException {
        assertRefused(hostile(t -> special(t, "h", TarArchiveEntry.LF_LINK, "../evil")), "h", "hard link pointing out");
    }

    @Test
    void deviceFilesAndFifosRefused() throws IOException {
        assertRefused(hostile(t -> special(t, "sda", TarArchiveEntry.LF_BLK, null)), "sda", "device file");
        assertRefused(hostile(t -> special(t, "null", TarArchiveEntry.LF_CHR, null)), "null", "device file");
        assertRefused(hostile(t -> special(t, "pipe", TarArchiveEntry.LF_FIFO, null)), "pipe", "FIFO");
    }

    @Test
    void duplicateEntryRefused() throws IOException {
        assertRefused(hostile(t -> { file(t, "a.img", DATA); file(t, "a.img", DATA); }), "a.img", "appears twice");
    }

    @Test
    void sizeBombRefusedBeforeFillingTheDisk() throws IOException {
        // 2 MiB of zeros compresses to almost nothing; the limit in assertRefused is 1 MiB.
        Path bomb = tmp.resolve("bomb.tar.zst");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Compression.ZSTD.compress(Files.newOutputStream(bomb)))) {
            file(tar, "pages-1.img", new byte[2 << 20]);
            tar.finish();
        }
        assertTrue(Files.size(bomb) < 4096, "the bomb is small");
        assertRefused(bomb, "pages-1.img", "expands past the limit");
    }

    @Test
    void truncatedArchiveRefusedAndNothingLeft() throws IOException {
        Path src = sampleCheckpoint("src");
        for (Compression c : Compression.values()) {
            Path archive = tmp.resolve("full" + c.suffix());
            CheckpointArchive.pack(src, archive, PackOptions.defaults().compression(c));
            byte[] all = Files.readAllBytes(archive);
            Path cut = tmp.resolve("cut" + c.suffix());
            Files.write(cut, Arrays.copyOf(all, all.length / 2));
            Path out = tmp.resolve("out-" + c);
            ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(cut, out));
            assertTrue(e.cause().contains("truncated") || e.cause().contains("cannot be read"), c + ": " + e.cause());
            assertFalse(Files.exists(out), c + ": no half-written target");
            assertNoStagingLeft();
        }
    }

    @Test
    void archiveCutAtAnEntryBoundaryIsCaughtByTheMissingManifest() throws IOException {
        Path archive = hostile(t -> file(t, "pages-1.img", DATA)); // a plain tar without a manifest
        Path out = tmp.resolve("out");
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(archive, out));
        assertTrue(e.cause().contains("no " + Manifest.NAME), e.cause());
        assertFalse(Files.exists(out));
    }

    @Test
    void manifestMismatchNamesTheFile() throws IOException {
        Path src = sampleCheckpoint("src");
        Path good = tmp.resolve("good.tar");
        CheckpointArchive.pack(src, good, PackOptions.defaults().compression(Compression.NONE));
        // Flip one byte inside the content of inventory.img ("inventory" is unique in the tar).
        byte[] all = Files.readAllBytes(good);
        byte[] word = "inventory".getBytes(StandardCharsets.UTF_8);
        // Headers name the entry ("inventory.img"); the content block holds "inventory" then zero padding.
        int at = -1;
        for (int i = indexOf(all, word, 0); i >= 0; i = indexOf(all, word, i + 1)) {
            if (i % 512 == 0 && all[i + word.length] == 0) { at = i; break; }
        }
        assertTrue(at > 0, "content block found");
        all[at] = 'X';
        Path bad = tmp.resolve("bad.tar");
        Files.write(bad, all);
        Path out = tmp.resolve("out");
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(bad, out));
        assertTrue(e.cause().contains("'inventory.img' does not match the manifest"), e.cause());
        assertFalse(Files.exists(out));
        assertNoStagingLeft();
    }

    @Test
    void fileMissingFromTheManifestIsRefused() throws IOException {
        Path archive = hostile(t -> {
            file(t, "a.img", DATA);
            file(t, Manifest.NAME, (Manifest.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        });
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(archive, tmp.resolve("o")));
        assertTrue(e.cause().contains("'a.img' is in the archive but not in its manifest"), e.cause());
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void packStreamsToAnOutputStream() throws IOException {
        Path src = sampleCheckpoint("src");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CheckpointArchive.pack(src, bytes, PackOptions.defaults().compression(Compression.GZIP));
        Path out = tmp.resolve("out");
        CheckpointArchive.unpack(new java.io.ByteArrayInputStream(bytes.toByteArray()), out, 1L << 30);
        assertSameTree(src, out);
    }

    private static final class List {
        static <T> java.util.List<T> of() { return java.util.List.of(); }
    }
}
