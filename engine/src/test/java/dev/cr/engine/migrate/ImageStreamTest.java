package dev.cr.engine.migrate;

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
        ImageSender sender = new ImageSender(out, compress, n -> {}, none());
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

    private ImageReceiver.ProtocolError refused(Message first, Message... rest) throws IOException {
        Wire in = new Wire(new ByteArrayInputStream(frames(rest)), OutputStream.nullOutputStream(), () -> {});
        ImageReceiver r = new ImageReceiver(tmp.resolve("dst"));
        return assertThrows(ImageReceiver.ProtocolError.class, () -> r.receive(first, in));
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

    private static final class OutputStream {
        static java.io.OutputStream nullOutputStream() { return java.io.OutputStream.nullOutputStream(); }
    }
}
