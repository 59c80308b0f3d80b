package dev.cr.engine.image;

import dev.cr.engine.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The committed sample images: testdata/codec (real CRIU 4.2.1 images, crit's JSON) and testdata/damaged. */
final class Samples {
    private Samples() {}

    static Path codec() {
        return Requirements.projectRoot().resolve("testdata/codec");
    }

    static Path damaged() {
        return Requirements.projectRoot().resolve("testdata/damaged");
    }

    /** The real images of testdata/codec. */
    static List<Path> codecImages() throws IOException {
        try (var s = Files.list(codec())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".img")).sorted().toList();
        }
    }

    /** The JSON crit 4.2.1 printed for a codec image. */
    static Path critJson(Path image) {
        String n = image.getFileName().toString();
        return image.resolveSibling("crit-" + n.substring(0, n.length() - ".img".length()) + ".json");
    }
}
