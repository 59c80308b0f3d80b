package dev.cr.engine.image;

import dev.cr.proto.PagemapProto.pagemap_entry;
import dev.cr.proto.PagemapProto.pagemap_head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class MemoryMapTest {
    @TempDir Path tmp;

    @Test
    void pagesAreFoundByAddressAtTheirOffsetInThePagesFile() throws IOException {
        ImageDir dir = TestImages.open("pipe-tree");
        try (MemoryMap mem = dir.memory(1)) {
            byte[] file = Files.readAllBytes(dir.path().resolve(mem.pagesName()));
            long offset = 0;
            Random random = new Random(7);
            for (MemoryMap.PageRun run : mem.runs()) {
                if (!run.present()) continue;
                // first bytes of the run, and a random slice that may cross pages inside it
                int n = (int) Math.min(64, run.pages() * MemoryMap.PAGE_SIZE);
                assertArrayEquals(Arrays.copyOfRange(file, (int) offset, (int) offset + n), mem.read(run.address(), n));
                int size = (int) (run.pages() * MemoryMap.PAGE_SIZE);
                int at = random.nextInt(size);
                int len = Math.min(size - at, 1 + random.nextInt(2 * MemoryMap.PAGE_SIZE));
                assertArrayEquals(Arrays.copyOfRange(file, (int) offset + at, (int) offset + at + len), mem.read(run.address() + at, len));
                offset += size;
            }
            assertEquals(file.length, offset, "present runs account for the whole pages file");
            assertEquals(file.length / MemoryMap.PAGE_SIZE, mem.presentPages());
        }
    }

    @Test
    void anAddressThatWasNotDumpedIsAnErrorNamingThePagemapAndTheAddress() {
        try (MemoryMap mem = TestImages.open("pipe-tree").memory(1)) {
            dev.cr.engine.CrException e = assertThrows(dev.cr.engine.CrException.class, () -> mem.read(0x1000, 16));
            assertTrue(e.cause().contains("pagemap-1.img") && e.cause().contains("0x1000"), e.cause());
            assertTrue(e.fix().orElseThrow().contains("the memory map of pid 1 lists"));
            assertFalse(mem.readable(0x1000));
        }
    }

    @Test
    void aPagemapThatPointsPastThePagesFileIsAnErrorNamingFileAndOffset() throws IOException {
        Path copy = TestImages.copy("pipe-tree", tmp.resolve("d"));
        try (FileChannel ch = FileChannel.open(copy.resolve("pages-1.img"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - MemoryMap.PAGE_SIZE);
        }
        ImageException e = assertThrows(ImageException.class, () -> ImageDir.open(copy).memory(1));
        assertEquals(copy.resolve("pagemap-1.img").toString(), e.file());
        assertTrue(e.offset().orElseThrow() > 0);
        assertTrue(e.expected().contains("pages-1.img"), e.expected());
    }

    /**
     * Besides the real chain of testdata/chain (PreDumpChainTest), a chain derived here from a real checkpoint,
     * where the split between child and parent is known: the child keeps every other present run and marks the
     * others PE_PARENT, with a pages file holding only the runs it keeps. Every byte must read the same through it.
     */
    @Test
    void inParentPagesAreReadFromTheParentCheckpoint() throws IOException {
        Path base = TestImages.copy("sleeping-shell", tmp.resolve("1"));
        Path child = TestImages.copy("sleeping-shell", tmp.resolve("2"));
        Files.createSymbolicLink(child.resolve("parent"), Path.of("../1"));
        ImageDir original = ImageDir.open(base);
        ImageDir.Pagemap pm = original.pagemap(1);
        byte[] pages = Files.readAllBytes(base.resolve("pages-" + pm.pagesId() + ".img"));
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        byte[] file = Files.readAllBytes(Path.of(pm.file()));
        image.write(file, 0, 8); // the magics, as CRIU wrote them
        frame(image, pagemap_head.newBuilder().setPagesId(pm.pagesId()).build().toByteArray());
        long offset = 0;
        int index = 0;
        for (pagemap_entry e : pm.entries()) {
            long size = e.getNrPages() * MemoryMap.PAGE_SIZE;
            boolean present = (e.getFlags() & MemoryMap.PE_PRESENT) != 0;
            pagemap_entry.Builder b = e.toBuilder();
            if (present && index++ % 2 == 1) {
                b.setFlags(MemoryMap.PE_PARENT);
            } else if (present) {
                kept.write(pages, (int) offset, (int) size);
            }
            if (present) offset += size;
            frame(image, b.build().toByteArray());
        }
        Files.write(child.resolve("pagemap-1.img"), image.toByteArray());
        Files.write(child.resolve("pages-" + pm.pagesId() + ".img"), kept.toByteArray());

        ImageDir chained = ImageDir.open(child);
        try (MemoryMap mem = chained.memory(1); MemoryMap whole = original.memory(1)) {
            assertTrue(mem.parentPages() > 0);
            assertEquals(whole.presentPages(), mem.presentPages() + mem.parentPages());
            for (MemoryMap.PageRun run : whole.runs()) {
                int size = (int) (run.pages() * MemoryMap.PAGE_SIZE);
                assertArrayEquals(whole.read(run.address(), size), mem.read(run.address(), size),
                        "run at 0x" + Long.toHexString(run.address()));
            }
            // a read that crosses from a page of the child into a page of the parent
            List<MemoryMap.PageRun> runs = mem.runs();
            for (int i = 1; i < runs.size(); i++) {
                if (runs.get(i - 1).end() == runs.get(i).address() && runs.get(i - 1).present() != runs.get(i).present()) {
                    long at = runs.get(i).address() - 100;
                    assertArrayEquals(whole.read(at, 200), mem.read(at, 200));
                }
            }
        }
        // the command line lies in pages of either checkpoint: reading it goes through the chain
        assertEquals(CommandLines.arguments(original, 1), CommandLines.arguments(chained, 1));

        Files.delete(child.resolve("parent"));
        try (MemoryMap orphan = ImageDir.open(child).memory(1)) {
            long inParent = orphan.runs().stream().filter(MemoryMap.PageRun::inParent).findFirst().orElseThrow().address();
            ImageException e = assertThrows(ImageException.class, () -> orphan.read(inParent, 8));
            assertTrue(e.getMessage().contains("no parent link"), e.getMessage());
        }
    }

    @Test
    void compatNrPagesIsUsedWhenNrPagesIsAbsent() throws IOException {
        Path copy = TestImages.copy("pipe-tree", tmp.resolve("c"));
        ImageDir.Pagemap pm = ImageDir.open(copy).pagemap(1);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        image.write(Files.readAllBytes(Path.of(pm.file())), 0, 8);
        frame(image, pagemap_head.newBuilder().setPagesId(pm.pagesId()).build().toByteArray());
        for (pagemap_entry e : pm.entries()) {
            frame(image, e.toBuilder().clearNrPages().setCompatNrPages((int) e.getNrPages()).build().toByteArray());
        }
        Files.write(copy.resolve("pagemap-1.img"), image.toByteArray());
        try (MemoryMap compat = ImageDir.open(copy).memory(1); MemoryMap modern = TestImages.open("pipe-tree").memory(1)) {
            assertEquals(modern.runs(), compat.runs());
            MemoryMap.PageRun last = modern.runs().getLast();
            assertArrayEquals(modern.read(last.address(), 4096), compat.read(last.address(), 4096));
        }
    }

    private static void frame(ByteArrayOutputStream out, byte[] payload) {
        int n = payload.length;
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.writeBytes(payload);
    }
}
