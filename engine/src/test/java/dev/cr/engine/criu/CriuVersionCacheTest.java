package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The on-disk CRIU version cache: asked once per executable, asked again when the executable or a file its wrapper
 * names changes, and never trusting what someone other than root could have written. "Asking" is counted here;
 * the last test asks the real CRIU.
 */
class CriuVersionCacheTest {
    @TempDir Path tmp;
    Path cacheDir, binary, real;
    CriuVersionCache cache;
    final AtomicInteger asked = new AtomicInteger();
    final IntSupplier ask = () -> { asked.incrementAndGet(); return 40201; };

    @BeforeEach
    void wrapper() throws Exception {
        Requirements.root();    // the cache trusts only what root owns
        cacheDir = tmp.resolve("cache");
        real = Files.writeString(tmp.resolve("real-criu"), "\177ELF pretend");
        binary = tmp.resolve("criu");
        Files.writeString(binary, "#!/bin/sh\nexec \"" + real + "\" \"$@\"\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        cache = new CriuVersionCache(cacheDir);
    }

    @Test
    void askedOnceThenAnsweredFromTheEntry() {
        assertEquals(40201, cache.version(binary, ask));
        assertEquals(40201, cache.version(binary, ask));
        assertEquals(40201, new CriuVersionCache(cacheDir).version(binary, ask), "a new process reads the same entry");
        assertEquals(1, asked.get());
    }

    @Test
    void aChangedWrapperOrAChangedFileItNamesIsAskedAgain() throws Exception {
        cache.version(binary, ask);
        Files.writeString(real, " upgraded", StandardOpenOption.APPEND);
        cache.version(binary, ask);
        assertEquals(2, asked.get(), "the real criu behind the wrapper changed");
        Files.writeString(binary, "# a comment\n", StandardOpenOption.APPEND);
        cache.version(binary, ask);
        assertEquals(3, asked.get(), "the wrapper changed");
        cache.version(binary, ask);
        assertEquals(3, asked.get());
    }

    @Test
    void aFailedAnswerIsNotKept() {
        assertEquals(-52, cache.version(binary, () -> { asked.incrementAndGet(); return -52; }));
        assertEquals(40201, cache.version(binary, ask));
        assertEquals(2, asked.get());
    }

    /** Someone who could write the entry could make an old CRIU pass for a new one: such an entry is not read. */
    @Test
    void anEntryOthersCanWriteIsIgnored() throws Exception {
        cache.version(binary, ask);
        Path entry = onlyEntry();
        String forged = Files.readString(entry).replace("40201", "90909");
        Files.writeString(entry, forged);
        assertEquals(90909, cache.version(binary, ask), "root's own entry is trusted");
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(40201, cache.version(binary, ask), "a world-writable entry is not");
        assertEquals(2, asked.get());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(onlyEntry())), "replaced");
    }

    @Test
    void aDirectoryOthersCanWriteIsNeitherReadNorWritten() throws Exception {
        Files.createDirectories(cacheDir);
        Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        cache.version(binary, ask);
        cache.version(binary, ask);
        assertEquals(2, asked.get());
        try (Stream<Path> s = Files.list(cacheDir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void theRealCriuIsAskedOnceAndItsVersionKept() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        CriuVersion first = Criu.at(bin, cache).version();
        Path entry = onlyEntry();
        assertTrue(Files.readString(entry).endsWith("\n" + first.code() + "\n"), Files.readString(entry));
        assertEquals(first, Criu.at(bin, cache).version());
    }

    Path onlyEntry() throws Exception {
        try (Stream<Path> s = Files.list(cacheDir)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), "entries: " + all);
            return all.get(0);
        }
    }
}
