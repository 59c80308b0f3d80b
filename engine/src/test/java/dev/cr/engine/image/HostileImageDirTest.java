package dev.cr.engine.image;

import com.google.protobuf.Message;
import dev.cr.proto.GhostFileProto.ghost_chunk_entry;
import dev.cr.proto.GhostFileProto.ghost_file_entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Image directories made by someone else, read by {@code cr inspect} (possibly as root): image files that are links
 * out of the directory, FIFOs, devices, and ghost files that would be read whole into memory. Each gives an
 * {@link ImageException} at once: no hang, no OutOfMemoryError, no byte of a file outside the directory.
 * Threat model: docs/security.md, "a crafted archive or image directory".
 */
class HostileImageDirTest {
    @TempDir
    Path tmp;

    private static final Duration QUICKLY = Duration.ofSeconds(20);

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor(), "mkfifo " + p);
    }

    @Test
    void anImageFileThatIsAFifoIsAnErrorNotAHang() throws Exception {
        Path dir = TestImages.copy("pipe-tree", tmp.resolve("d"));
        Files.delete(dir.resolve("core-1.img"));
        mkfifo(dir.resolve("core-1.img"));
        ImageException e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(ImageException.class, () -> ImageFile.open(dir.resolve("core-1.img"))));
        assertTrue(e.cause().contains("FIFO"), e.cause());
    }

    @Test
    void anImageFileThatLinksToDevZeroIsAnErrorNotAnOutOfMemoryError() throws Exception {
        Path dir = TestImages.copy("pipe-tree", tmp.resolve("d"));
        Files.delete(dir.resolve("core-1.img"));
        Files.createSymbolicLink(dir.resolve("core-1.img"), Path.of("/dev/zero"));
        ImageException e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(ImageException.class, () -> ImageDir.open(dir).core(1)));
        assertTrue(e.cause().contains("symbolic link"), e.cause());
    }

    /** A pages file that is a link to a file outside the directory: cr mem would show that file's bytes. */
    @Test
    void aPagesFileThatLinksOutOfTheDirectoryIsRefused() throws Exception {
        Path dir = TestImages.copy("pipe-tree", tmp.resolve("d"));
        Path outside = tmp.resolve("secret");
        Files.move(dir.resolve("pages-1.img"), outside);
        Files.createSymbolicLink(dir.resolve("pages-1.img"), outside);
        ImageException e = assertThrows(ImageException.class, () -> {
            try (MemoryMap mem = ImageDir.open(dir).memory(1)) {
                MemoryMap.PageRun run = mem.runs().stream().filter(MemoryMap.PageRun::present).findFirst().orElseThrow();
                mem.read(run.address(), 16);
            }
        });
        assertTrue(e.cause().contains("symbolic link"), e.cause());
    }

    @Test
    void aPagesFileThatIsAFifoIsRefused() throws Exception {
        Path dir = TestImages.copy("pipe-tree", tmp.resolve("d"));
        Files.delete(dir.resolve("pages-1.img"));
        mkfifo(dir.resolve("pages-1.img"));
        ImageException e = assertTimeoutPreemptively(QUICKLY, () -> assertThrows(ImageException.class, () -> {
            try (MemoryMap mem = ImageDir.open(dir).memory(1)) {
                mem.runs();
            }
        }));
        assertTrue(e.cause().contains("FIFO"), e.cause());
    }

    private static byte[] framed(int magic, Message... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, ImageKind.COMMON_MAGIC);
        le32(out, magic);
        for (Message m : entries) {
            byte[] b = m.toByteArray();
            le32(out, b.length);
            out.write(b);
        }
        return out.toByteArray();
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static final int GHOST_MAGIC = 1381512709;
    private static final long BIG = ImageFile.MAX_GHOST + (1 << 20);

    /** A stream of {@code n} bytes that costs no memory to produce. */
    private static InputStream bytes(long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 'g' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 'g');
                left -= k;
                return k;
            }
        };
    }

    /** A ghost file without chunks is the rest of the image: from a stream of unknown length, it would be read whole. */
    @Test
    void aGhostFileLargerThanTheLimitIsRefusedNotReadWhole() throws IOException {
        byte[] head = framed(GHOST_MAGIC, ghost_file_entry.newBuilder().setUid(0).setGid(0).setMode(0100644).build());
        InputStream in = new SequenceInputStream(new java.io.ByteArrayInputStream(head), bytes(BIG));
        ImageException e = assertThrows(ImageException.class, () -> {
            try (ImageFile f = ImageFile.open(in, "stdin", -1)) {
                while (f.next() != null) { /* read every entry */ }
            }
        });
        assertTrue(e.expected().contains("ghost"), e.expected());
        assertTrue(e.getMessage().contains(Long.toString(ImageFile.MAX_GHOST)), e.getMessage());
    }

    @Test
    void aGhostChunkLargerThanTheLimitIsRefused() throws IOException {
        byte[] head = framed(GHOST_MAGIC,
                ghost_file_entry.newBuilder().setUid(0).setGid(0).setMode(0100644).setChunks(true).build(),
                ghost_chunk_entry.newBuilder().setOff(0).setLen(BIG).build());
        Path file = tmp.resolve("ghost-file-1.img");
        try (var out = Files.newOutputStream(file)) {
            out.write(head);
            bytes(BIG).transferTo(out);
        }
        ImageException e = assertThrows(ImageException.class, () -> {
            try (ImageFile f = ImageFile.open(file)) {
                while (f.next() != null) { /* read every entry */ }
            }
        });
        assertTrue(e.getMessage().contains(Long.toString(ImageFile.MAX_GHOST)), e.getMessage());
    }
}
