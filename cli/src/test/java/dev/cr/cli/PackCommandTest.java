package dev.cr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PackCommandTest {
    @TempDir
    Path tmp;

    private int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            return Cli.execute(new Cr(), args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void packThenUnpackRoundTrips() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cp"));
        Files.writeString(dir.resolve("pages-1.img"), "pages".repeat(1000));
        Path archive = tmp.resolve("cp.tar.xz");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "pack", dir.toString(), archive.toString(), "--compress", "xz"), err.toString());
        assertEquals(0, run(err, "unpack", archive.toString(), tmp.resolve("out").toString()), err.toString());
        assertEquals("pages".repeat(1000), Files.readString(tmp.resolve("out/pages-1.img")));
    }

    @Test
    void failuresPrintCauseAndFixWithoutStackTrace() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cp"));
        Files.writeString(dir.resolve("pages-1.img"), "x".repeat(5000));
        Path archive = tmp.resolve("cp.tar");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "pack", dir.toString(), archive.toString(), "--compress", "none"));
        assertEquals(Cli.FAILED, run(err, "unpack", "--max-size", "1K", archive.toString(), tmp.resolve("out").toString()));
        String text = err.toString();
        assertTrue(text.contains("refused entry 'pages-1.img'") && text.contains("limit of 1024 bytes"), text);
        assertTrue(text.contains("fix: "), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
        assertFalse(Files.exists(tmp.resolve("out")));

        assertEquals(2, run(err, "pack", dir.toString(), tmp.resolve("x").toString(), "--compress", "lz4"), "a usage error");
        assertTrue(err.toString().contains("unknown compression 'lz4'"), err.toString());
    }
}
