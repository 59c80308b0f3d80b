package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.ProtocolError;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.source.Replies;
import dev.cr.engine.migrate.source.TreeSender;
import dev.cr.engine.migrate.target.TreeReceiver;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A container directory's two passes ({@link TreeSender} to {@link TreeReceiver}) over an in-memory connection:
 * the copy equals the source in content and metadata after each pass, and a hostile stream cannot write outside
 * the target directory.
 */
class TreeTransferTest {
    @TempDir
    Path tmp;

    private static final Path OUTSIDE_MARK = Path.of("outside-mark");

    /** Everything a tree entry carries, per relative path, read without following links. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) continue;
                var a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,nlink,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                char kind = Message.TreeEntry.kindOf(mode);
                String what = kind + " " + Integer.toOctalString(kind == 'l' ? 0 : mode & 07777) + " " + a.get("uid") + ":" + a.get("gid");
                if (kind != 'l') what += " mtime=" + a.get("lastModifiedTime");
                if (kind == 'f') what += " nlink=" + a.get("nlink") + " data=" + java.util.Arrays.hashCode(Files.readAllBytes(p));
                if (kind == 'l') what += " -> " + Files.readSymbolicLink(p);
                if (kind == 'c' || kind == 'b') what += " rdev=" + a.get("rdev");
                out.put(root.relativize(p).toString(), what);
            }
        }
        return out;
    }

    /** One sender and its connection, kept between the two passes. */
    private static final class Source {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Wire out = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        final TreeSender sender;

        Source(boolean compress) {
            Replies none = Replies.start(new Wire(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> {}));
            sender = new TreeSender(out, compress, n -> {}, none);
        }

        byte[] firstPass(Path dir) throws IOException {
            sender.sendFirstPass(dir);
            return take();
        }

        byte[] changes() throws IOException {
            sender.sendChanges();
            return take();
        }

        private byte[] take() throws IOException {
            out.flush();
            byte[] b = bytes.toByteArray();
            bytes.reset();
            return b;
        }
    }

    private static void apply(byte[] stream, TreeReceiver r) throws IOException {
        Wire in = new Wire(new ByteArrayInputStream(stream), OutputStream.nullOutputStream(), () -> {});
        while (true) {
            Message m = in.receive();
            switch (m) {
                case Message.TreeEntry e -> r.receive(e, in);
                case Message.TreeRemove rm -> r.remove(rm);
                case Message.TreeDone d -> {
                    r.done(d);
                    return;
                }
                default -> fail("unexpected " + m);
            }
        }
    }

    @Test
    void bothPassesReproduceTheTreeWithItsMetadata() throws Exception {
        Requirements.root(); // owners other than our own need root
        Path src = Files.createDirectories(tmp.resolve("src/ct"));
        Path rootfs = Files.createDirectories(src.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("etc/empty"));
        byte[] big = new byte[(3 << 20) + 17];
        new Random(7).nextBytes(big);
        Files.write(rootfs.resolve("bin/busybox"), big);
        Files.setAttribute(rootfs.resolve("bin/busybox"), "unix:mode", 04755);
        Files.createLink(rootfs.resolve("bin/init"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("/bin/busybox")); // absolute: inside the container
        Files.createSymbolicLink(rootfs.resolve("etc/host-passwd"), Path.of("/etc/passwd"));
        Files.writeString(rootfs.resolve("etc/owned"), "someone's");
        Files.setAttribute(rootfs.resolve("etc/owned"), "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(rootfs.resolve("etc/owned"), "unix:gid", 4321, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(rootfs.resolve("etc/owned"), "unix:mode", 0640);
        run("mknod", rootfs.resolve("null").toString(), "c", "1", "3");
        run("mkfifo", rootfs.resolve("fifo").toString());
        Files.writeString(rootfs.resolve("gone-later"), "x");
        Files.writeString(rootfs.resolve("becomes-dir"), "x");
        Files.writeString(src.resolve("config"), "lxc.rootfs.path = dir:" + rootfs + "\n");
        Files.setLastModifiedTime(rootfs.resolve("etc"), FileTime.fromMillis(1_000_000_000_000L));

        Path dst = Files.createDirectories(tmp.resolve("dst/ct"));
        TreeReceiver r = new TreeReceiver(dst);
        Source sender = new Source(true);
        apply(sender.firstPass(src), r);
        assertEquals(describe(src), describe(dst), "after the first pass");
        assertEquals(src.toString(), r.sourceDirectory());

        // While "frozen": changes, removals, a file become a directory, a new hard link, a grown file.
        Files.delete(rootfs.resolve("gone-later"));
        Files.delete(rootfs.resolve("becomes-dir"));
        Files.createDirectories(rootfs.resolve("becomes-dir/inner"));
        Files.writeString(rootfs.resolve("becomes-dir/inner/f"), "new");
        Files.writeString(rootfs.resolve("etc/owned"), " and more", java.nio.file.StandardOpenOption.APPEND);
        Files.createLink(rootfs.resolve("bin/ls"), rootfs.resolve("bin/busybox"));
        apply(sender.changes(), r);
        assertEquals(describe(src), describe(dst), "after the second pass");
        assertEquals(2, r.passes());
        assertFalse(Files.exists(dst.resolve("rootfs/gone-later")));
    }

    @Test
    void secondPassSendsOnlyWhatChanged() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/ct"));
        byte[] big = new byte[4 << 20];
        new Random(1).nextBytes(big);
        Files.write(src.resolve("big"), big);
        Files.writeString(src.resolve("small"), "a");
        Path dst = Files.createDirectories(tmp.resolve("dst/ct"));
        TreeReceiver r = new TreeReceiver(dst);
        Source sender = new Source(false);
        apply(sender.firstPass(src), r);
        Files.writeString(src.resolve("small"), "b");
        byte[] changes = sender.changes();
        assertTrue(changes.length < 4096, "only the small file travelled again: " + changes.length + " bytes");
        apply(changes, r);
        assertEquals("b", Files.readString(dst.resolve("small")));
        assertArrayEquals(big, Files.readAllBytes(dst.resolve("big")));
    }

    private static byte[] frames(Message... messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire w = new Wire(new ByteArrayInputStream(new byte[0]), bytes, () -> {});
        for (Message m : messages) w.send(m);
        w.flush();
        return bytes.toByteArray();
    }

    private static Message.TreeEntry entry(String path, char kind, String link) {
        return new Message.TreeEntry(path, kind, 0644, 0, 0, 0, link, 0);
    }

    @Test
    void aHostileStreamCannotWriteOutsideTheDirectory() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path dst = Files.createDirectories(tmp.resolve("dst/ct"));
        Message[][] attacks = {
                {entry("../escape", 'd', "")},
                {entry("/abs", 'd', "")},
                {entry("a/../../escape", 'd', "")},
                // a link to the outside, then a write through it
                {entry("out", 'l', outside.toString()), entry("out/" + OUTSIDE_MARK, 'd', "")},
                // a hard link to a file outside the tree
                {entry("hl", 'h', "../../outside/" + OUTSIDE_MARK)},
                {entry("x\0y", 'd', "")},
        };
        Files.writeString(outside.resolve(OUTSIDE_MARK + "-file"), "mine");
        for (Message[] attack : attacks) {
            TreeReceiver r = new TreeReceiver(dst);
            byte[] stream = frames(attack);
            Wire in = new Wire(new ByteArrayInputStream(stream), OutputStream.nullOutputStream(), () -> {});
            ProtocolError refused = assertThrows(ProtocolError.class, () -> {
                for (int i = 0; i < attack.length; i++) r.receive((Message.TreeEntry) in.receive(), in);
            }, "refused: " + attack[attack.length - 1]);
            assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        }
        assertEquals(1, Files.list(outside).count(), "nothing was written outside");
        assertEquals("mine", Files.readString(outside.resolve(OUTSIDE_MARK + "-file")));
        assertFalse(Files.exists(tmp.resolve("dst/escape")) || Files.exists(tmp.resolve("escape")));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
