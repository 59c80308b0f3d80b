package dev.cr.engine.archive;

import dev.cr.engine.image.CheckpointDiff;
import dev.cr.engine.image.CommandLines;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.ImageException;
import dev.cr.engine.image.Mappings;
import dev.cr.engine.image.MemoryMap;
import dev.cr.engine.image.MemorySearch;
import dev.cr.engine.image.PageCapture;
import dev.cr.engine.image.ProcessTree;
import dev.cr.engine.image.Statistics;
import dev.cr.engine.testing.Requirements;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Archives read in place: a container engine's layout (`podman container checkpoint --export`: checkpoint/ with
 * CRIU's images, config.dump, spec.dump and stats-dump beside it, the root file system diff) and cr pack's, each
 * uncompressed and compressed, from the real images in testdata/pipe-tree; and hostile archives.
 */
class ArchivedCheckpointTest {
    @TempDir
    Path tmp;

    private static Path images() {
        return Requirements.projectRoot().resolve("testdata").resolve("pipe-tree");
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveOutputStream tar(Path file, Compression c) throws IOException {
        OutputStream out = c.compress(Files.newOutputStream(file));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return tar;
    }

    /** The images of testdata/pipe-tree in a container engine's layout, names in order (as Go's tar writer walks). */
    private Path containerArchive(Compression c) throws IOException {
        Path file = tmp.resolve("export" + c.suffix());
        try (TarArchiveOutputStream tar = tar(file, c); Stream<Path> files = Files.list(images())) {
            put(tar, "config.dump", "{\"id\":\"c0ffee\",\"name\":\"web\",\"rootfsImageName\":\"busybox\",\"createdTime\":\"2026-01-01T00:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8));
            for (Path f : files.sorted().toList()) {
                if (!Files.isRegularFile(f) || f.getFileName().toString().equals("stats-dump")) continue;
                put(tar, "checkpoint/" + f.getFileName(), Files.readAllBytes(f));
            }
            put(tar, "network.status", "[]".getBytes(StandardCharsets.UTF_8));
            put(tar, "rootfs-diff.tar", new byte[300_000]);
            put(tar, "spec.dump", "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\",\"-c\",\"sleep\"]}}".getBytes(StandardCharsets.UTF_8));
            put(tar, "stats-dump", Files.readAllBytes(images().resolve("stats-dump")));
            tar.finish();
        }
        return file;
    }

    /** What the explorers read through an ImageDir: the tree, command lines, every dumped byte. */
    private static List<String> everything(ImageDir dir) {
        List<String> out = new ArrayList<>();
        for (ProcessTree.Process p : dir.processes().all()) {
            out.add(p + " " + CommandLines.arguments(dir, p.pid()) + " " + CommandLines.environment(dir, p.pid()));
            try (MemoryMap mem = dir.memory(p.pid())) {
                for (MemoryMap.PageRun r : mem.runs()) {
                    if (r.present()) out.add(java.util.HexFormat.of().formatHex(mem.read(r.address(), (int) (r.pages() * MemoryMap.PAGE_SIZE))));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aContainerArchiveReadsLikeTheDirectoryItCameFrom(Compression c) throws IOException {
        List<String> expected = everything(ImageDir.open(images()));
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(containerArchive(c), CommandLines.capture(true))) {
            assertEquals(ArchivedCheckpoint.Layout.CONTAINER, a.layout());
            assertEquals(c, a.compression());
            assertEquals(expected, everything(a.imageDir()));
            assertTrue(a.images().has("stats-dump"), "Podman's stats-dump beside checkpoint/ is one of the images");
            assertTrue(Statistics.of(a.imageDir(), Statistics.DUMP).isPresent());
            ContainerMetadata m = ContainerMetadata.of(a).orElseThrow();
            assertEquals("c0ffee", m.id());
            assertEquals("busybox", m.image());
            assertEquals("Podman", m.engine());
            assertEquals("sh -c sleep", m.command());
            assertEquals(300_000L, a.sideSize("rootfs-diff.tar").orElseThrow());
            assertFalse(a.images().has("rootfs-diff.tar"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
    void aCompressedArchiveIsReadOnceWhenItsPagesComeAfterWhatSaysWhichAreNeeded(Compression c) throws IOException {
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(containerArchive(c), CommandLines.capture(false))) {
            ImageDir dir = a.imageDir();
            for (ProcessTree.Process p : dir.processes().all()) assertFalse(CommandLines.arguments(dir, p.pid()).isEmpty());
            assertEquals(1, a.passes(), "the command lines' pages were kept on the first and only pass");
            // A page nobody planned for makes a second pass that copies that pages file aside.
            try (MemoryMap mem = dir.memory(1)) {
                MemoryMap.PageRun last = mem.runs().stream().filter(MemoryMap.PageRun::present).reduce((x, y) -> y).orElseThrow();
                mem.read(last.address(), 16);
            }
            assertEquals(2, a.passes());
        }
    }

    @Test
    void pagesBeforeTheFilesThatPlanThemAreCapturedOnASecondPass() throws IOException {
        Path file = tmp.resolve("pages-first.tar.zst");
        try (TarArchiveOutputStream tar = tar(file, Compression.ZSTD); Stream<Path> files = Files.list(images())) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : all) if (f.getFileName().toString().startsWith("pages-")) put(tar, f.getFileName().toString(), Files.readAllBytes(f));
            for (Path f : all) if (!f.getFileName().toString().startsWith("pages-")) put(tar, f.getFileName().toString(), Files.readAllBytes(f));
            tar.finish();
        }
        List<String> expected = new ArrayList<>();
        ImageDir plain = ImageDir.open(images());
        for (ProcessTree.Process p : plain.processes().all()) expected.add(String.join(" ", CommandLines.arguments(plain, p.pid())));
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(file, CommandLines.capture(false))) {
            assertEquals(ArchivedCheckpoint.Layout.CR_PACK, a.layout());
            ImageDir dir = a.imageDir();
            List<String> got = new ArrayList<>();
            for (ProcessTree.Process p : dir.processes().all()) got.add(String.join(" ", CommandLines.arguments(dir, p.pid())));
            assertEquals(expected, got);
            assertEquals(2, a.passes(), "one more pass captured every process's command line, not one pass each");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "ZSTD"})
    void anArchiveCrPackMadeIsReadInPlaceAndSearchedAndItsTemporaryCopyRemoved(Compression c) throws IOException {
        Path file = tmp.resolve("packed" + c.suffix());
        CheckpointArchive.pack(images(), file, new PackOptions(c, false));
        List<Path> before = temporaries();
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(file)) {
            assertEquals(ArchivedCheckpoint.Layout.CR_PACK, a.layout());
            assertEquals(everything(ImageDir.open(images())), everything(a.imageDir()));
            List<MemorySearch.Match> found = new ArrayList<>();
            new MemorySearch(8, 0).bytes(a.imageDir(), "unread-pipe-data".getBytes(StandardCharsets.UTF_8), found::add);
            List<MemorySearch.Match> inDir = new ArrayList<>();
            new MemorySearch(8, 0).bytes(ImageDir.open(images()), "unread-pipe-data".getBytes(StandardCharsets.UTF_8), inDir::add);
            assertEquals(inDir.stream().map(m -> m.pid() + "@" + m.address()).toList(), found.stream().map(m -> m.pid() + "@" + m.address()).toList());
            assertTrue(CheckpointDiff.between(ImageDir.open(images()), a.imageDir()).isEmpty(), "the same pages, byte for byte");
        }
        assertEquals(before, temporaries(), "no temporary file is left behind");
    }

    private static List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("cr-archive-")).sorted().toList();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void longNamesInPaxOrGnuRecordsAreRead(int longFiles) throws IOException {
        Path file = tmp.resolve("long.tar");
        String deep = "checkpoint/parent/";
        String longName = "x".repeat(150) + ".json";
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            tar.setLongFileMode(longFiles);
            put(tar, "checkpoint/inventory.img", Files.readAllBytes(images().resolve("inventory.img")));
            put(tar, "checkpoint/" + longName, "{}".getBytes(StandardCharsets.UTF_8));
            put(tar, deep + "inventory.img", Files.readAllBytes(images().resolve("inventory.img")));
            tar.finish();
        }
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(file)) {
            assertTrue(a.images().has(longName), a.images().names().toString());
            assertEquals("{}", new String(a.images().open(longName).readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(a.images().parent().orElseThrow().has("inventory.img"), "a packed parent under parent/");
        }
    }

    @Test
    void aHeaderWhoseChecksumIsWrongIsRefused() throws IOException {
        Path file = tmp.resolve("bad-sum.tar");
        try (TarArchiveOutputStream tar = tar(file, Compression.NONE)) {
            put(tar, "inventory.img", Files.readAllBytes(images().resolve("inventory.img")));
            tar.finish();
        }
        byte[] b = Files.readAllBytes(file);
        b[124 + 10] ^= 1; // the size field changed after the header was written
        Files.write(file, b);
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchivedCheckpoint.open(file));
        assertTrue(e.cause().contains("checksum"), e.cause());
    }

    @Test
    void anArchiveWithoutImagesIsRefusedInWords() throws IOException {
        Path file = tmp.resolve("empty.tar");
        try (TarArchiveOutputStream tar = tar(file, Compression.NONE)) {
            put(tar, "config.dump", "{}".getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchivedCheckpoint.open(file));
        assertTrue(e.cause().contains("no CRIU images under checkpoint/"), e.cause());
    }

    // ---- hostile archives

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP"})
    void aNameThatComesTwiceIsRefused(Compression c) throws IOException {
        Path file = tmp.resolve("twice" + c.suffix());
        try (TarArchiveOutputStream tar = tar(file, c)) {
            put(tar, "pstree.img", Files.readAllBytes(images().resolve("pstree.img")));
            put(tar, "./pstree.img", new byte[10]); // the same file once normalised: which one would be read?
            tar.finish();
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchivedCheckpoint.open(file));
        assertTrue(e.cause().contains("pstree.img'") && e.cause().contains("twice"), e.cause());
    }

    @Test
    void anEntryWhoseBytesLiePastTheEndOfTheArchiveIsRefused() throws IOException {
        Path file = tmp.resolve("truncated.tar");
        try (TarArchiveOutputStream tar = tar(file, Compression.NONE)) {
            put(tar, "inventory.img", Files.readAllBytes(images().resolve("inventory.img")));
            put(tar, "pages-1.img", new byte[64 * 1024]);
            tar.finish();
        }
        // Cut into the last file's bytes: its header still claims 64 KiB.
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, 512 * 4 + 1024));
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchivedCheckpoint.open(file));
        assertTrue(e.cause().contains("pages-1.img") || e.cause().contains("truncated"), e.cause());
    }

    @Test
    void aCompressedArchiveThatEndsInsideAnEntryIsRefused() throws IOException {
        Path whole = containerArchive(Compression.NONE);
        byte[] tar = Files.readAllBytes(whole);
        Path file = tmp.resolve("cut.tar.gz");
        try (OutputStream out = Compression.GZIP.compress(Files.newOutputStream(file))) {
            out.write(tar, 0, tar.length / 2); // a copy that stopped half way
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchivedCheckpoint.open(file, CommandLines.capture(false)));
        assertTrue(e.cause().contains("truncated"), e.cause());
    }

    @Test
    void entriesWhoseBytesOverlapAreRefused() {
        // A tar reader finds each header after the data before it, so overlapping entries only come from a damaged
        // or forged index; the rule is checked on the index itself.
        List<ArchiveEntry> entries = List.of(
                new ArchiveEntry("pstree.img", ArchiveEntry.Kind.FILE, 512, 1000, null),
                new ArchiveEntry("pages-1.img", ArchiveEntry.Kind.FILE, 1024, 4096, null));
        ArchiveException e = assertThrows(ArchiveException.class, () -> TarIndex.check(entries, 1 << 20, "test"));
        assertTrue(e.cause().contains("'pages-1.img'") && e.cause().contains("overlap"), e.cause());
        ArchiveException past = assertThrows(ArchiveException.class, () -> TarIndex.check(List.of(
                new ArchiveEntry("pages-1.img", ArchiveEntry.Kind.FILE, 1024, 4096, null)), 2048, "test"));
        assertTrue(past.cause().contains("past the end"), past.cause());
        assertDoesNotThrow(() -> TarIndex.check(List.of(
                new ArchiveEntry("a", ArchiveEntry.Kind.FILE, 512, 512, null),
                new ArchiveEntry("b", ArchiveEntry.Kind.FILE, 1536, 10, null)), 2048, "test"));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "ZSTD"})
    void aLinkWhereAnImageIsExpectedIsRefusedNotFollowed(Compression c) throws IOException {
        Path file = tmp.resolve("link" + c.suffix());
        try (TarArchiveOutputStream tar = tar(file, c); Stream<Path> files = Files.list(images())) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals("core-1.img")) link(tar, "checkpoint/core-1.img", TarArchiveEntry.LF_SYMLINK, "/etc/shadow");
                else if (name.equals("mm-1.img")) link(tar, "checkpoint/mm-1.img", TarArchiveEntry.LF_LINK, "checkpoint/mm-3.img");
                else put(tar, "checkpoint/" + name, Files.readAllBytes(f));
            }
            tar.finish();
        }
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(file)) {
            ImageDir dir = a.imageDir();
            ImageException core = assertThrows(ImageException.class, dir::processes);
            assertTrue(core.getMessage().contains("core-1.img") && core.getMessage().contains("symbolic link"), core.getMessage());
            ImageException mm = assertThrows(ImageException.class, () -> Mappings.of(dir, 1));
            assertTrue(mm.getMessage().contains("mm-1.img") && mm.getMessage().contains("hard link"), mm.getMessage());
        }
    }

    @Test
    void absoluteAndParentNamesAreRefused() throws IOException {
        for (String name : List.of("/checkpoint/pstree.img", "checkpoint/../../pstree.img")) {
            Path file = tmp.resolve("bad-name.tar");
            try (TarArchiveOutputStream tar = tar(file, Compression.NONE)) {
                TarArchiveEntry e = new TarArchiveEntry(name, true); // as written, not made relative
                e.setSize(4);
                tar.putArchiveEntry(e);
                tar.write(new byte[4]);
                tar.closeArchiveEntry();
                tar.finish();
            }
            ArchiveException e = assertThrows(ArchiveException.class, () -> ArchivedCheckpoint.open(file), name);
            assertTrue(e.cause().contains("refused entry"), e.cause());
        }
    }

    @Test
    void aPageCaptureThatKeepsNothingStillLetsEveryViewRead() throws IOException {
        try (ArchivedCheckpoint a = ArchivedCheckpoint.open(containerArchive(Compression.GZIP), PageCapture.NONE)) {
            assertEquals(everything(ImageDir.open(images())), everything(a.imageDir()));
        }
    }
}
