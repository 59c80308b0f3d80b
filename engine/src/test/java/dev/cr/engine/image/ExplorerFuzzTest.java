package dev.cr.engine.image;

import dev.cr.engine.CrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seeded random damage to the committed images (bytes flipped, 32-bit values overwritten, files cut short or
 * grown), then every explorer run over the damaged directory: each must either work or throw a CrException,
 * never another exception, a hang or an out-of-memory error.
 */
class ExplorerFuzzTest {
    private static final int CASES = 3000;

    @TempDir Path tmp;

    @Test
    void damagedImagesGiveOnlyCrExceptions() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String name : List.of("pipe-tree", "sleeping-shell", "tcp-established")) dirs.add(TestImages.copy(name, tmp.resolve(name)));
        Random random = new Random(20261122L);
        int failures = 0, worked = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (int c = 0; c < CASES && System.nanoTime() < deadline; c++) {
            Path dir = dirs.get(random.nextInt(dirs.size()));
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> !p.getFileName().toString().startsWith("tmpfs-")).sorted().toList();
            }
            Path victim = files.get(random.nextInt(files.size()));
            byte[] original = Files.readAllBytes(victim);
            String how = damage(random, victim, original);
            try {
                exploreAll(dir);
                worked++;
            } catch (CrException expected) {
                failures++;
                assertNotNull(expected.getMessage());
            } catch (Throwable t) {
                throw new AssertionError("case " + c + ": " + victim.getFileName() + " " + how + " gave " + t, t);
            } finally {
                Files.write(victim, original);
            }
        }
        assertTrue(failures > 0 && worked > 0, "damage both broke and spared the reading: " + failures + "/" + worked);
    }

    private static String damage(Random r, Path file, byte[] original) throws IOException {
        byte[] b = original.clone();
        String how;
        switch (original.length == 0 ? 3 : r.nextInt(4)) {
            case 0 -> {
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                how = "with " + n + " bits flipped";
            }
            case 1 -> {
                int at = r.nextInt(Math.max(1, b.length - 3));
                int v = r.nextBoolean() ? r.nextInt() : (r.nextBoolean() ? -1 : 0x7fffffff);
                for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
                how = "with 0x" + Integer.toHexString(v) + " written at " + at;
            }
            case 2 -> {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                how = "cut to " + b.length + " bytes";
            }
            default -> {
                byte[] more = new byte[1 + r.nextInt(64)];
                r.nextBytes(more);
                byte[] grown = java.util.Arrays.copyOf(b, b.length + more.length);
                System.arraycopy(more, 0, grown, b.length, more.length);
                b = grown;
                how = "grown by " + more.length + " random bytes";
            }
        }
        Files.write(file, b);
        return how;
    }

    private static void exploreAll(Path path) {
        ImageDir dir = ImageDir.open(path);
        ProcessTree tree = dir.processes();
        tree.roots();
        for (ProcessTree.Process p : tree.all()) {
            tree.children(p.pid());
            ProcessSummary.of(dir, p);
            CommandLines.environment(dir, p.pid());
            Sockets.of(dir, p.pid());
            Rss.of(dir, p.pid());
            try (MemoryMap mem = dir.memory(p.pid())) {
                for (MemoryMap.PageRun run : mem.runs()) {
                    if (run.present()) mem.read(run.address(), (int) Math.min(64, run.pages() * MemoryMap.PAGE_SIZE));
                }
            }
        }
        Mounts.of(dir);
        Statistics.of(dir, Statistics.DUMP);
        new MemorySearch(8, 5).bytes(dir, "GREETING".getBytes(StandardCharsets.US_ASCII), m -> {});
        new MemorySearch(8, 5).regex(dir, Pattern.compile("cr-[a-z]+"), m -> {});
        CheckpointDiff.between(dir, dir);
    }
}
