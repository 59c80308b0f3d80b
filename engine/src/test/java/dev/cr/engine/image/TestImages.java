package dev.cr.engine.image;

import dev.cr.engine.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed image directories under testdata/, and copies of them for tests that change files. */
final class TestImages {
    private TestImages() {}

    static Path dir(String name) {
        return Requirements.projectRoot().resolve("testdata").resolve(name);
    }

    static ImageDir open(String name) {
        return ImageDir.open(dir(name));
    }

    /** Copies testdata/NAME to DEST (regular files only). */
    static Path copy(String name, Path dest) throws IOException {
        Files.createDirectories(dest);
        try (Stream<Path> files = Files.list(dir(name))) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) Files.copy(f, dest.resolve(f.getFileName()));
            }
        }
        return dest;
    }
}
