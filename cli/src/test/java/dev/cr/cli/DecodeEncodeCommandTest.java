package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cr decode} and {@code cr encode} on the committed real images and damaged samples. */
class DecodeEncodeCommandTest {
    record Run(int exit, byte[] out, String err) {
        String outText() { return new String(out, StandardCharsets.UTF_8); }
    }

    private static synchronized Run cr(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int exit = Cli.execute(new Cr(), args);
            System.out.flush();
            System.err.flush();
            return new Run(exit, o.toByteArray(), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path codec(String name) {
        return Requirements.projectRoot().resolve("testdata/codec").resolve(name);
    }

    @Test
    void decodePrintsCritsJsonAndANewline() throws Exception {
        Run r = cr("decode", codec("pstree.img").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(Files.readString(codec("crit-pstree.json")) + "\n", r.outText());
        Run withI = cr("decode", "-i", codec("pstree.img").toString());
        assertEquals(r.outText(), withI.outText());
    }

    /** The image readers refuse links inside directories; a link the person names on the command line is followed. */
    @Test
    void decodeFollowsALinkNamedOnTheCommandLine(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("pstree.img"), codec("pstree.img"));
        Run r = cr("decode", link.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(Files.readString(codec("crit-pstree.json")) + "\n", r.outText());
    }

    @Test
    void encodeWritesTheImageBackThroughAFile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("mm.json");
        assertEquals(0, cr("decode", "--pretty", codec("mm-1.img").toString(), "-o", json.toString()).exit());
        assertTrue(Files.readString(json).startsWith("{\n    \"magic\": \"MM\""));
        Path img = dir.resolve("mm.img");
        Run r = cr("encode", "-i", json.toString(), "-o", img.toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Files.readAllBytes(codec("mm-1.img")), Files.readAllBytes(img));
    }

    @Test
    void damagedImagesFailWithFileOffsetAndNoStackTrace() throws Exception {
        for (String name : new String[]{"truncated-payload.img", "wrong-magic.img", "size-past-eof.img", "garbage-protobuf.img"}) {
            Path f = Requirements.projectRoot().resolve("testdata/damaged").resolve(name);
            Run r = cr("decode", f.toString());
            assertEquals(Cli.FAILED, r.exit(), name);
            assertTrue(r.err().contains(f.toString()) && r.err().contains("at byte ") && r.err().contains("expected"), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void anOutputDirectoryThatDoesNotExistIsAPlainError(@TempDir Path dir) {
        Run r = cr("decode", codec("pstree.img").toString(), "-o", dir.resolve("missing/pstree.json").toString());
        assertEquals(Cli.FAILED, r.exit());
        assertTrue(r.err().contains("cannot create a file in") && r.err().contains("fix:"), r.err());
    }

    @Test
    void badJsonFailsAndLeavesNoOutputFile(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("bad.json"), "{\"magic\": \"PSTREE\", \"entries\": [{\"pid\": \"many\"}]}");
        Path img = dir.resolve("out.img");
        Run r = cr("encode", json.toString(), "-o", img.toString());
        assertEquals(Cli.FAILED, r.exit());
        assertTrue(r.err().contains("pstree_entry.pid"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the JSON remains: no image, no temporary file");
        }
    }
}
