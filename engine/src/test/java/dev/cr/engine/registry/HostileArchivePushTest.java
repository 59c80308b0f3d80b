package dev.cr.engine.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cr.engine.archive.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cr push looks at an archive's first entries to tell a Podman/CRI-O archive from a cr pack one. A crafted archive
 * must not make that look cost memory without bound: here a GNU long-name header of 1.5 GiB that compresses to a
 * few KiB (the tar reader reads such a header whole; the test JVM has a 1 GiB heap). Nothing is sent anywhere:
 * the reference points at a port nobody listens on, and the push must fail on the archive before any connection.
 */
class HostileArchivePushTest {
    @TempDir Path tmp;

    @Test
    void aHugeLongNameHeaderIsRefusedAfterABoundedRead() throws IOException {
        Path bomb = tmp.resolve("longname.tar.zst");
        try (OutputStream out = Compression.ZSTD.compress(Files.newOutputStream(bomb))) {
            long size = 3L << 29; // 1.5 GiB of name
            out.write(gnuLongNameHeader(size));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (long done = 0; done < size; done += chunk.length) out.write(chunk);
            out.write(new byte[1024]);
        }
        assertTrue(Files.size(bomb) < 1 << 20, "the archive is small on disk: " + Files.size(bomb));
        Reference nowhere = Reference.parse("127.0.0.1:9/hostile/bomb:1");
        RegistryException e = assertThrows(RegistryException.class,
                () -> Registry.with(RegistryOptions.defaults()).push(bomb, nowhere, false));
        assertTrue(e.getMessage().contains("not a readable tar archive") && e.getMessage().contains("headers"), e.getMessage());
    }

    private static byte[] gnuLongNameHeader(long size) {
        byte[] h = new byte[512];
        byte[] name = "././@LongLink".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = 'L';
        byte[] magic = "ustar  \0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int at, int width, long v) {
        String s = Long.toOctalString(v);
        s = "0".repeat(width - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, s.length());
        h[at + width - 1] = 0;
    }
}
