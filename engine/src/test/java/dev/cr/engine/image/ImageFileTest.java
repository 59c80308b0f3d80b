package dev.cr.engine.image;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFileTest {
    private static List<ImageEntry> entries(Path p) {
        try (ImageFile f = ImageFile.open(p)) {
            List<ImageEntry> all = new ArrayList<>();
            for (ImageEntry e : f) all.add(e);
            return all;
        }
    }

    @Test
    void readsKindsAndEntryTypesOfRealImages() {
        Path codec = Samples.codec();
        try (ImageFile f = ImageFile.open(codec.resolve("inventory.img"))) {
            assertEquals(ImageKind.INVENTORY, f.kind());
            assertEquals(0, f.firstMagic(), "the inventory has no first magic");
        }
        try (ImageFile f = ImageFile.open(codec.resolve("core-1.img"))) {
            assertEquals(ImageKind.CORE, f.kind());
            assertEquals(ImageKind.COMMON_MAGIC, f.firstMagic());
            ImageEntry e = f.next();
            assertEquals("core_entry", e.typeName());
            assertEquals(8, e.offset());
            assertNull(f.next());
        }
        List<ImageEntry> pagemap = entries(codec.resolve("pagemap-1.img"));
        assertEquals("pagemap_head", pagemap.getFirst().typeName());
        assertTrue(pagemap.size() > 2);
        pagemap.subList(1, pagemap.size()).forEach(e -> assertEquals("pagemap_entry", e.typeName()));
    }

    @Test
    void extraPayloadFollowsItsEntry() {
        ImageEntry pipe = entries(Samples.codec().resolve("pipes-data.img")).getFirst();
        assertEquals("piped data, unread\n", new String(pipe.extra()));
        ImageEntry queued = entries(Samples.codec().resolve("sk-queues.img")).getFirst();
        assertEquals("queued message", new String(queued.extra()));
    }

    @Test
    void rawImagesAreRecognisedByName() throws IOException {
        Path dir = Files.createTempDirectory("cr-raw");
        try {
            Path pages = Files.write(dir.resolve("pages-1.img"), new byte[4096]);
            try (ImageFile f = ImageFile.open(pages)) {
                assertEquals(ImageKind.RAW, f.kind());
                assertNull(f.next());
            }
            assertThrows(ImageException.class, () -> ImageJson.decodeToString(pages, false));
        } finally {
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyDamagedSampleGivesAnImageExceptionNamingFileOffsetAndExpectation() throws IOException {
        List<String> lines = Files.readAllLines(Samples.damaged().resolve("samples.tsv"));
        int checked = 0;
        for (String line : lines) {
            if (line.startsWith("#")) continue;
            String[] col = line.split("\t");
            Path file = Samples.damaged().resolve(col[0]);
            ImageException e = assertThrows(ImageException.class, () -> entries(file), col[0]);
            assertEquals(file.toString(), e.file(), col[0]);
            assertEquals(Long.parseLong(col[1]), e.offset().orElseThrow(), col[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(col[2]), col[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("at byte " + col[1]) && e.getMessage().contains("expected"), e.getMessage());
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " samples");
    }

    @Test
    void hugeSizePrefixInAStreamOfUnknownLengthAllocatesOnlyWhatArrives() throws IOException {
        byte[] damaged = Files.readAllBytes(Samples.damaged().resolve("size-4gib.img"));
        long before = usedHeap();
        try (ImageFile f = ImageFile.open(new ByteArrayInputStream(damaged), "stdin", -1)) {
            ImageException e = assertThrows(ImageException.class, f::next);
            assertEquals(12, e.offset().orElseThrow());
            assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
        }
        assertTrue(usedHeap() - before < 512L << 20, "reading a 4 GiB size prefix must not allocate for it");
    }

    @Test
    void streamAndFileReadTheSameEntries() throws IOException {
        for (Path p : Samples.codecImages()) {
            List<ImageEntry> fromFile = entries(p);
            try (ImageFile f = ImageFile.open(Files.newInputStream(p), p.toString(), -1)) {
                for (ImageEntry expected : fromFile) {
                    ImageEntry e = f.next();
                    assertEquals(expected.message(), e.message(), p.toString());
                    assertArrayEquals(expected.extra(), e.extra(), p.toString());
                }
                assertNull(f.next());
            }
        }
    }

    @Test
    void missingFileIsAnImageException() {
        ImageException e = assertThrows(ImageException.class, () -> ImageFile.open(Path.of("/nonexistent/core-1.img")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
