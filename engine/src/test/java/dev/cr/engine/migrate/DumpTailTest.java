package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.source.DumpTail;
import dev.cr.engine.migrate.source.ImageSender;
import dev.cr.engine.migrate.source.Replies;
import dev.cr.engine.migrate.target.ImageReceiver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Following page files while "CRIU" (a thread here) writes them, then finishing them at the post-dump point. */
class DumpTailTest {
    @TempDir
    Path tmp;

    @Test
    void pageFilesWrittenDuringTheDumpArriveWholeAndMostlyEarly() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src/1"));
        byte[] one = new byte[8 << 20], two = new byte[3 << 20];
        new Random(3).nextBytes(one);
        new Random(4).nextBytes(two);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        ImageSender sender = new ImageSender(out, false, n -> {}, Replies.start(
                new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {})), new PhaseLog("test"));
        DumpTail tail = DumpTail.start(dir, sender);
        // The dump: two page files written sequentially in pieces, and a small image that is not followed.
        for (var f : Map.of("pages-1.img", one, "pages-2.img", two).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            Path p = dir.resolve(f.getKey());
            byte[] b = f.getValue();
            for (int at = 0; at < b.length; at += 512 << 10) {
                try (var o = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    o.write(b, at, Math.min(512 << 10, b.length - at));
                }
                Thread.sleep(15);
            }
        }
        Files.writeString(dir.resolve("core-1.img"), "core");
        Thread.sleep(100);
        Map<String, ImageSender.Sent> partly = tail.stop();
        assertEquals(java.util.Set.of("pages-1.img", "pages-2.img"), partly.keySet(), "only page files are followed");
        long early = partly.values().stream().mapToLong(ImageSender.Sent::bytes).sum();
        assertTrue(early >= (one.length + two.length) / 2, "most of the pages went during the dump: " + early);
        sender.sendIteration(dir, 1, true, partly);
        out.flush();

        ImageReceiver r = new ImageReceiver(tmp.resolve("dst"));
        Wire in = new Wire(new ByteArrayInputStream(bytes.toByteArray()), OutputStream.nullOutputStream(), () -> {});
        while (true) {
            Message m = in.receive();
            if (m instanceof Message.IterationDone d) {
                r.iterationDone(d.n());
                break;
            }
            r.receive(m, in);
        }
        assertArrayEquals(one, Files.readAllBytes(tmp.resolve("dst/1/pages-1.img")));
        assertArrayEquals(two, Files.readAllBytes(tmp.resolve("dst/1/pages-2.img")));
        assertEquals("core", Files.readString(tmp.resolve("dst/1/core-1.img")));
    }

    @Test
    void aFailedSendDuringTheDumpIsReportedAtStop() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src/1"));
        Files.write(dir.resolve("pages-1.img"), new byte[1 << 20]);
        OutputStream broken = new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("connection reset"); }
        };
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), broken, () -> {});
        ImageSender sender = new ImageSender(out, false, n -> {}, Replies.start(
                new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {})), new PhaseLog("test"));
        DumpTail tail = DumpTail.start(dir, sender);
        Thread.sleep(200);
        IOException e = assertThrows(IOException.class, tail::stop);
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    }
}
