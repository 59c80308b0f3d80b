package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.source.Replies;
import dev.cr.engine.migrate.source.TreeSender;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Finding 2 of the security review (docs/security.md, "a container on the source"): the first pass of
 * {@code cr migrate --lxc} reads the root filesystem while the container runs. A real process here plays the
 * container: it swaps one of the rootfs's directories with a symbolic link to a host directory as fast as it can
 * ({@code renameat2(RENAME_EXCHANGE)}, exchange-racer.c). A walk by path checks "a" with lstat, then reads "a/key"
 * by path, and now and then the kernel follows the link that "a" has become: the host's file goes out as the
 * container's. Walking by descriptors (openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, one component at a
 * time) never sends a byte of it, however the race falls.
 */
class TreeWalkRaceTest {
    @TempDir
    Path tmp;

    @Test
    void aContainerSwappingADirectoryForALinkToTheHostNeverGetsHostFilesSent() throws Exception {
        Requirements.gcc();
        Path racer = compile();
        String secret = "HOST-SECRET-" + UUID.randomUUID();
        Path host = Files.createDirectories(tmp.resolve("host"));
        // The same names on both sides, twenty of them: each read by path in "a" is one more chance for the race.
        for (int i = 0; i < 20; i++) Files.writeString(host.resolve("key" + i), secret);
        Path rootfs = Files.createDirectories(tmp.resolve("ct/rootfs"));
        Files.createDirectories(rootfs.resolve("a"));
        for (int i = 0; i < 20; i++) Files.writeString(rootfs.resolve("a/key" + i), "the container's own key");
        Files.createSymbolicLink(rootfs.resolve("b"), host);

        Process race = new ProcessBuilder(racer.toString(), rootfs.resolve("a").toString(), rootfs.resolve("b").toString())
                .redirectErrorStream(true).start();
        int passes = 0, sawOwn = 0, leaked = 0, failed = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < deadline && passes < 3000) {
                assertTrue(race.isAlive(), "the racer runs: " + new String(race.getInputStream().readNBytes(
                        race.getInputStream().available()), StandardCharsets.UTF_8));
                String stream;
                try {
                    stream = firstPass(tmp.resolve("ct"));
                } catch (java.io.IOException changedUnderfoot) {
                    failed++; // an entry changed kind between two looks: that pass fails, the source keeps running
                    continue;
                } finally {
                    passes++;
                }
                if (stream.contains("the container's own key")) sawOwn++;
                if (stream.contains(secret)) leaked++;
            }
        } finally {
            race.destroyForcibly();
            race.waitFor(5, TimeUnit.SECONDS);
        }
        assertTrue(sawOwn > 0, "the race was live: the walk went through the real directory in some passes (" + passes + " passes)");
        assertEquals(0, leaked, "passes that sent the host's file as the container's, of " + passes + " (" + failed + " failed)");
    }

    /** One first pass over {@code dir}, as the bytes that would go on the wire (uncompressed). */
    private static String firstPass(Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        Replies none = Replies.start(new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {}));
        new TreeSender(out, false, n -> {}, none).sendFirstPass(dir);
        out.flush();
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private Path compile() throws Exception {
        Path src = tmp.resolve("exchange-racer.c");
        try (InputStream in = TreeWalkRaceTest.class.getResourceAsStream("/migrate/exchange-racer.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = tmp.resolve("exchange-racer");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), "gcc: " + out);
        return bin;
    }
}
