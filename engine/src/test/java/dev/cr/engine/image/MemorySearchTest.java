package dev.cr.engine.image;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class MemorySearchTest {
    @Test
    void textIsFoundInTheShellsMemoryWithItsMapping() {
        List<MemorySearch.Match> hits = new ArrayList<>();
        byte[] needle = "GREETING=hello-from-cr-testdata".getBytes(StandardCharsets.US_ASCII);
        MemorySearch.Summary s = new MemorySearch(8, 0).bytes(TestImages.open("sleeping-shell"), needle, hits::add);
        assertEquals(2, s.processes());
        assertTrue(s.bytesScanned() > 0);
        assertFalse(hits.isEmpty());
        assertEquals(hits.size(), s.matches());
        ImageDir dir = TestImages.open("sleeping-shell");
        try (MemoryMap mem = dir.memory(1)) {
            for (MemorySearch.Match m : hits) {
                assertArrayEquals(needle, m.match());
                if (m.pid() == 1) assertArrayEquals(needle, mem.read(m.address(), needle.length), "address is right");
                assertNotNull(m.mapping());
                assertTrue(m.address() >= m.mapping().start() && m.address() < m.mapping().end());
                assertTrue(m.before().length <= 8 && m.after().length <= 8);
            }
        }
        // the environment variable of the workload is on the stack of the shell
        assertTrue(hits.stream().anyMatch(m -> m.pid() == 1 && m.mapping().backing().equals("[stack]")));
    }

    @Test
    void regexMatchesAreReportedWithTheMatchedText() {
        List<MemorySearch.Match> hits = new ArrayList<>();
        new MemorySearch(0, 0).regex(TestImages.open("pipe-tree"), Pattern.compile("unread-pipe-[a-z]+-from-cr"), hits::add);
        assertFalse(hits.isEmpty());
        for (MemorySearch.Match m : hits) assertEquals("unread-pipe-data-from-cr", new String(m.match(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void limitStopsTheSearch() {
        List<MemorySearch.Match> hits = new ArrayList<>();
        new MemorySearch(0, 3).bytes(TestImages.open("pipe-tree"), new byte[]{0}, hits::add);
        assertEquals(3, hits.size());
    }

    /** The eight-bytes-at-a-time scan must find exactly what a byte-by-byte comparison finds, at any alignment. */
    @Test
    void wordScanFindsTheSameOffsetsAsANaiveScan() {
        Random random = new Random(42);
        {
            for (int round = 0; round < 2000; round++) {
                int size = 1 + random.nextInt(200);
                byte[] data = new byte[size];
                for (int i = 0; i < size; i++) data[i] = (byte) random.nextInt(4); // small alphabet: many hits
                byte[] needle = new byte[1 + random.nextInt(4)];
                for (int i = 0; i < needle.length; i++) needle[i] = (byte) random.nextInt(4);
                int from = random.nextInt(size);
                int length = random.nextInt(size - from + 1);
                var seg = dev.cr.ffm.io.MappedFiles.Region.of(data);
                List<Long> found = new ArrayList<>();
                MemorySearch.scanBytes(seg, new MemoryMap.Located(null, 0, from, length), needle, (off, len) -> found.add(off));
                List<Long> expected = new ArrayList<>();
                for (int i = from; i + needle.length <= from + length; i++) {
                    boolean eq = true;
                    for (int k = 0; k < needle.length && eq; k++) eq = data[i + k] == needle[k];
                    if (eq) expected.add((long) i);
                }
                assertEquals(expected, found, "round " + round);
            }
        }
    }
}
