package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.ProtocolError;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.source.ImageSender;
import dev.cr.engine.migrate.source.Replies;
import dev.cr.engine.migrate.target.ImageReceiver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The image stream of the migration protocol, both halves over an in-memory connection. */
class ImageStreamTest {
    @TempDir
    Path tmp;

    private Path iteration(String name, int n) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src").resolve(name));
        byte[] pages = new byte[(3 << 20) + 123];
        new Random(n).nextBytes(pages);
        java.util.Arrays.fill(pages, 0, 1 << 20, (byte) 0);
        Files.write(dir.resolve("pages-1.img"), pages);
        Files.writeString(dir.resolve("inventory.img"), "inv" + n);
        Files.write(dir.resolve("empty.img"), new byte[0]);
        return dir;
    }

    private static Replies none() {
        return Replies.start(new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {}));
    }

    /** Sends iterations 1 and 2 (2 with a parent link) and receives them; returns the receiving root. */
    private Path roundTrip(boolean compress) throws IOException {
        Path one = iteration("1", 1), two = iteration("2", 2);
        Files.createSymbolicLink(two.resolve("parent"), Path.of("../1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        ImageSender sender = new ImageSender(out, compress, n -> {}, none(), new PhaseLog("test"));
        sender.sendIteration(one, 1, false);
        sender.sendIteration(two, 2, true);
        out.flush();
        if (compress) assertTrue(out.bytesSent() < 2 * (3 << 20), "zero pages compress on the wire");

        Path root = tmp.resolve("dst");
        ImageReceiver r = new ImageReceiver(root);
        Wire in = new Wire(new ByteArrayInputStream(bytes.toByteArray()), OutputStream.nullOutputStream(), () -> {});
        int iterations = 0;
        while (iterations < 2) {
            Message m = in.receive();
            if (m instanceof Message.IterationDone d) {
                r.iterationDone(d.n());
                iterations++;
            } else {
                r.receive(m, in);
            }
        }
        return root;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void iterationsArriveIntactWithTheirParentLink(boolean compress) throws IOException {
        Path root = roundTrip(compress);
        for (String n : new String[] {"1", "2"}) {
            for (String f : new String[] {"pages-1.img", "inventory.img", "empty.img"}) {
                assertArrayEquals(Files.readAllBytes(tmp.resolve("src").resolve(n).resolve(f)),
                        Files.readAllBytes(root.resolve(n).resolve(f)), n + "/" + f);
            }
        }
        assertEquals(Path.of("../1"), Files.readSymbolicLink(root.resolve("2/parent")));
        assertFalse(Files.exists(root.resolve("1/parent")));
    }

    private static byte[] frames(Message... messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire w = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        for (Message m : messages) w.send(m);
        w.flush();
        return bytes.toByteArray();
    }

    private ProtocolError refused(Message first, Message... rest) throws IOException {
        Wire in = new Wire(new ByteArrayInputStream(frames(rest)), OutputStream.nullOutputStream(), () -> {});
        ImageReceiver r = new ImageReceiver(tmp.resolve("dst"));
        return assertThrows(ProtocolError.class, () -> r.receive(first, in));
    }

    @Test
    void damagedDataIsCaughtByTheChecksum() throws IOException {
        byte[] data = "pages".getBytes();
        java.util.zip.CRC32C right = new java.util.zip.CRC32C();
        right.update(data);
        var e = refused(new Message.File("pages-1.img", data.length, 0600),
                new Message.Data(false, data.length, data, data.length), new Message.FileEnd((int) right.getValue() ^ 1));
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
    }

    @Test
    void shortFileIsCaught() throws IOException {
        byte[] data = "pages".getBytes();
        var e = refused(new Message.File("pages-1.img", 100, 0600),
                new Message.Data(false, data.length, data, data.length), new Message.FileEnd(0));
        assertTrue(e.getMessage().contains("5 of 100 bytes"), e.getMessage());
    }

    @Test
    void namesOutsideTheIterationAreRefused() throws IOException {
        for (String bad : new String[] {"../evil", "a/b", "..", "parent", ""}) {
            var e = refused(new Message.File(bad, 0, 0600));
            assertTrue(e.getMessage().contains("refused file name"), bad + ": " + e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("evil")));
        var e = refused(new Message.Link("parent", "/etc"));
        assertTrue(e.getMessage().contains("refused link"), e.getMessage());
        e = refused(new Message.Link("x", "../0"));
        assertTrue(e.getMessage().contains("refused link"), e.getMessage());
    }

    @Test
    void oversizedFrameIsRefused() {
        byte[] frame = {5, 0x7f, 0, 0, 0};
        Wire in = new Wire(new ByteArrayInputStream(frame), OutputStream.nullOutputStream(), () -> {});
        IOException e = assertThrows(IOException.class, in::receive);
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    /** Receives everything in {@code bytes} into {@code root} until {@code iterations} IterationDone frames came. */
    private static void receiveAll(byte[] bytes, ImageReceiver r, int iterations) throws IOException {
        Wire in = new Wire(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream(), () -> {});
        int done = 0;
        while (done < iterations) {
            Message m = in.receive();
            if (m instanceof Message.IterationDone d) {
                r.iterationDone(d.n());
                done++;
            } else {
                r.receive(m, in);
            }
        }
    }

    /**
     * The overlap of transfer and dump: a file is sent in Parts while it grows, then finished at "post-dump". The
     * file that arrives is the file as it is at the end, byte for byte, with or without compression.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fileSentWhileItGrowsArrivesWhole(boolean compress) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src/1"));
        Path pages = dir.resolve("pages-1.img");
        byte[] all = new byte[(5 << 20) + 4321];
        new Random(7).nextBytes(all);
        java.util.Arrays.fill(all, 0, 1 << 20, (byte) 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        ImageSender sender = new ImageSender(out, compress, n -> {}, none(), new PhaseLog("test"));
        ImageSender.Sent sent = new ImageSender.Sent();
        int[] cuts = {0, 1000, (2 << 20) + 17, (2 << 20) + 18, 4 << 20};
        for (int c = 1; c < cuts.length; c++) { // the file grows; each look sends what is new
            try (var o = Files.newOutputStream(pages, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                o.write(all, cuts[c - 1], cuts[c] - cuts[c - 1]);
            }
            assertEquals(cuts[c] - cuts[c - 1], sender.sendParts(pages, "pages-1.img", sent, 0));
        }
        assertEquals(0, sender.sendParts(pages, "pages-1.img", sent, 1), "nothing new: nothing sent");
        try (var o = Files.newOutputStream(pages, java.nio.file.StandardOpenOption.APPEND)) {
            o.write(all, cuts[cuts.length - 1], all.length - cuts[cuts.length - 1]);
        }
        Files.writeString(dir.resolve("inventory.img"), "inv");
        sender.sendIteration(dir, 1, true, java.util.Map.of("pages-1.img", sent));
        out.flush();

        Path root = tmp.resolve("dst");
        receiveAll(bytes.toByteArray(), new ImageReceiver(root), 1);
        assertArrayEquals(all, Files.readAllBytes(root.resolve("1/pages-1.img")));
        assertEquals("inv", Files.readString(root.resolve("1/inventory.img")));
    }

    /** A part of the file that changed after it was sent is caught by the fresh read: the file is sent again whole. */
    @Test
    void filePartChangedAfterItWasSentIsSentAgain() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src/1"));
        Path pages = dir.resolve("pages-1.img");
        byte[] first = new byte[3 << 20];
        new Random(1).nextBytes(first);
        Files.write(pages, first);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        ImageSender sender = new ImageSender(out, false, n -> {}, none(), new PhaseLog("test"));
        ImageSender.Sent sent = new ImageSender.Sent();
        sender.sendParts(pages, "pages-1.img", sent, 0);
        byte[] changed = first.clone();
        changed[12345] ^= 1; // rewritten in place after it was sent
        Files.write(pages, changed);
        sender.sendIteration(dir, 1, true, java.util.Map.of("pages-1.img", sent));
        out.flush();

        Path root = tmp.resolve("dst");
        receiveAll(bytes.toByteArray(), new ImageReceiver(root), 1);
        assertArrayEquals(changed, Files.readAllBytes(root.resolve("1/pages-1.img")));
    }

    @Test
    void partsWithAWrongChecksumAreRefused() throws IOException {
        byte[] data = "pages".getBytes();
        java.util.zip.CRC32C right = new java.util.zip.CRC32C();
        right.update(data);
        ImageReceiver r = new ImageReceiver(tmp.resolve("dst"));
        Wire none = new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {});
        r.receive(new Message.Part("pages-1.img", false, data.length, data, data.length), none);
        var e = assertThrows(ProtocolError.class,
                () -> r.receive(new Message.PartsDone("pages-1.img", data.length, (int) right.getValue() ^ 1), none));
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
    }

    @Test
    void iterationWithAFileLeftInPartsIsRefused() throws IOException {
        byte[] data = "pages".getBytes();
        ImageReceiver r = new ImageReceiver(tmp.resolve("dst"));
        Wire none = new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {});
        r.receive(new Message.Part("pages-1.img", false, data.length, data, data.length), none);
        var e = assertThrows(ProtocolError.class, () -> r.iterationDone(1));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        var bad = assertThrows(ProtocolError.class,
                () -> r.receive(new Message.Part("../evil", false, data.length, data, data.length), none));
        assertTrue(bad.getMessage().contains("refused file name"), bad.getMessage());
    }

    /** Part frames keep their name and bytes through the wire's own encoding (which writes them without a copy). */
    @Test
    void partFramesRoundTrip() throws IOException {
        byte[] data = {1, 2, 3, 4, 5};
        Wire in = new Wire(new ByteArrayInputStream(frames(new Message.Part("pages-é.img", true, 99, data, 4),
                new Message.Data(false, 3, data, 3), new Message.PartsDone("x", 5, 7))), OutputStream.nullOutputStream(), () -> {});
        Message.Part p = (Message.Part) in.receive();
        assertEquals("pages-é.img", p.path());
        assertTrue(p.zstd());
        assertEquals(99, p.rawLength());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOf(p.bytes(), p.length()));
        Message.Data d = (Message.Data) in.receive();
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(d.bytes(), d.length()));
        assertEquals(new Message.PartsDone("x", 5, 7), in.receive());
    }

    private static final class OutputStream {
        static java.io.OutputStream nullOutputStream() { return java.io.OutputStream.nullOutputStream(); }
    }
}
