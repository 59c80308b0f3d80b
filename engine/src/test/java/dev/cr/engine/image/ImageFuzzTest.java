package dev.cr.engine.image;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random mutation of the committed real images: bytes flipped, runs overwritten, cut,
 * inserted, size prefixes replaced by large values. Reading and decoding each mutant must end
 * in an entry list or an {@link ImageException}: no other exception, no hang, no out-of-memory.
 * Set CR_FUZZ_SEED to replay a run, CR_FUZZ_CASES to run more.
 */
class ImageFuzzTest {
    private static final int CASES = Integer.parseInt(System.getenv().getOrDefault("CR_FUZZ_CASES", "12000"));

    @Test
    void mutatedImagesGiveEntriesOrImageExceptionOnly() throws IOException {
        long seed = Long.parseLong(System.getenv().getOrDefault("CR_FUZZ_SEED", Long.toString(System.nanoTime())));
        List<byte[]> originals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : corpus()) {
            originals.add(Files.readAllBytes(p));
            names.add(p.getFileName().toString());
        }
        Path dir = Files.createTempDirectory("cr-fuzz");
        int[] outcome = new int[2];
        try {
            // a generous bound that scales with CR_FUZZ_CASES: it is there to catch a hang, not to time
            assertTimeoutPreemptively(Duration.ofSeconds(60 + CASES / 150), () -> {
                Random random = new Random(seed);
                for (int i = 0; i < CASES; i++) {
                    int which = random.nextInt(originals.size());
                    byte[] mutant = mutate(originals.get(which), random);
                    String name = names.get(which);
                    try {
                        // a third through a file (sizes known up front), the rest as streams of unknown length
                        if (i % 3 == 0) {
                            Path file = Files.write(dir.resolve(name), mutant);
                            ImageJson.decode(file, Writer.nullWriter(), (i & 1) == 0);
                        } else {
                            try (ImageFile f = ImageFile.open(new ByteArrayInputStream(mutant), name, -1)) {
                                ImageJson.decode(f, Writer.nullWriter(), (i & 1) == 0);
                            }
                        }
                        outcome[0]++;
                    } catch (ImageException expected) {
                        outcome[1]++;
                    } catch (Throwable t) {
                        throw new AssertionError("case " + i + " of seed " + seed + " (" + name + ", " + mutant.length
                                + " bytes) let " + t + " escape", t);
                    }
                }
            });
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
        assertTrue(outcome[0] + outcome[1] == CASES && outcome[1] > CASES / 10 && outcome[0] > 0,
                "seed " + seed + ": decoded " + outcome[0] + ", rejected " + outcome[1]);
    }

    @Test
    void mutatedJsonGivesAnImageOrImageExceptionOnly() throws IOException {
        long seed = Long.parseLong(System.getenv().getOrDefault("CR_FUZZ_SEED", Long.toString(System.nanoTime())));
        List<String> texts = new ArrayList<>();
        for (Path p : Samples.codecImages()) {
            texts.add(ImageJson.decodeToString(p, false));
            texts.add(ImageJson.decodeToString(p, true));
        }
        String alphabet = "{}[]\",:0123456789-xe.tfn \\abcXYZ";
        int[] outcome = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(30 + CASES / 300), () -> {
            Random random = new Random(seed);
            for (int i = 0; i < CASES / 4; i++) {
                StringBuilder b = new StringBuilder(texts.get(random.nextInt(texts.size())));
                for (int r = 1 + random.nextInt(3); r > 0 && !b.isEmpty(); r--) {
                    int at = random.nextInt(b.length());
                    switch (random.nextInt(3)) {
                        case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(12)));
                        default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                try {
                    ImageJson.encode(b, "fuzz.json");
                    outcome[0]++;
                } catch (ImageException expected) {
                    outcome[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " of seed " + seed + " let " + t + " escape on: " + b, t);
                }
            }
        });
        assertTrue(outcome[0] > 0 && outcome[1] > 0, "seed " + seed + ": encoded " + outcome[0] + ", rejected " + outcome[1]);
    }

    /** Every real image committed under testdata (codec samples and the image directories), small ones only. */
    private static List<Path> corpus() throws IOException {
        Path testdata = dev.cr.engine.testing.Requirements.projectRoot().resolve("testdata");
        try (var s = Files.walk(testdata)) {
            List<Path> all = s.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(testdata.resolve("damaged")))
                    .filter(p -> p.getFileName().toString().endsWith(".img") || p.getFileName().toString().startsWith("stats-"))
                    .filter(p -> !ImageKind.isRawName(p.getFileName().toString()))
                    .filter(p -> p.toFile().length() <= 16 * 1024).sorted().toList();
            assertTrue(all.size() >= 20, "fuzz corpus too small: " + all);
            return all;
        }
    }

    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            switch (random.nextInt(6)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> {
                    int at = random.nextInt(b.length);
                    int n = Math.min(b.length - at, 1 + random.nextInt(16));
                    for (int k = 0; k < n; k++) b[at + k] = (byte) random.nextInt(256);
                }
                case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
                case 3 -> {
                    int at = random.nextInt(b.length + 1);
                    byte[] ins = new byte[1 + random.nextInt(8)];
                    random.nextBytes(ins);
                    byte[] c = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(ins, 0, c, at, ins.length);
                    System.arraycopy(b, at, c, at + ins.length, b.length - at);
                    b = c;
                }
                case 4 -> { // a large size prefix where the first entry's prefix is (after two magics)
                    if (b.length >= 12) {
                        int v = random.nextBoolean() ? 0x7fffffff : random.nextInt();
                        b[8] = (byte) v; b[9] = (byte) (v >> 8); b[10] = (byte) (v >> 16); b[11] = (byte) (v >> 24);
                    }
                }
                default -> { // a varint byte with its continuation bit set, deep inside a payload
                    b[random.nextInt(b.length)] |= (byte) 0x80;
                }
            }
        }
        return b;
    }
}
