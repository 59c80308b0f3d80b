package dev.cr.ffm.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A mapped region reads what the file holds, at any offset, and is gone once the mappings are closed. */
class MappedFilesTest {
    @Test
    void aRegionReadsTheFilesBytes(@TempDir Path dir) throws Exception {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        Path f = Files.write(dir.resolve("pages"), data);
        MappedFiles.Region r;
        try (MappedFiles files = MappedFiles.confined(); FileChannel ch = FileChannel.open(f)) {
            r = files.map(ch, 100, 5_000);
            assertEquals(5_000, r.size());
            assertEquals(data[100 + 17], r.byteAt(17));
            long expected = ByteBuffer.wrap(data, 100 + 3, 8).order(ByteOrder.nativeOrder()).getLong();
            assertEquals(expected, r.longAt(3), "an unaligned word");
            assertArrayEquals(Arrays.copyOfRange(data, 100 + 40, 100 + 90), r.bytes(40, 50));
            byte[] into = new byte[20];
            r.copyBytes(7, into, 5, 15);
            assertArrayEquals(Arrays.copyOfRange(data, 107, 122), Arrays.copyOfRange(into, 5, 20));
            long[] words = new long[2];
            r.copyLongs(1, words, 0, 2);
            assertEquals(ByteBuffer.wrap(data, 109, 8).order(ByteOrder.nativeOrder()).getLong(), words[1]);
            CRC32C mapped = new CRC32C(), plain = new CRC32C();
            r.update(mapped, 0, 5_000);
            plain.update(data, 100, 5_000);
            assertEquals(plain.getValue(), mapped.getValue());
        }
        MappedFiles.Region closed = r;
        assertThrows(IllegalStateException.class, () -> closed.byteAt(0), "unmapped with its MappedFiles");
    }
}
