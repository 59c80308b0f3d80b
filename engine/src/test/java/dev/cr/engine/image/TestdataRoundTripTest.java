package dev.cr.engine.image;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every committed image that real CRIU wrote (testdata/, not the damaged samples) reads whole and encodes back byte for byte. */
class TestdataRoundTripTest {
    @Test
    void everyCommittedImageRoundTrips() throws IOException {
        Path testdata = Requirements.projectRoot().resolve("testdata");
        List<Path> images;
        try (var s = Files.walk(testdata)) {
            images = s.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(testdata.resolve("damaged")))
                    .filter(p -> p.getFileName().toString().endsWith(".img") || p.getFileName().toString().startsWith("stats-"))
                    .filter(p -> !ImageKind.isRawName(p.getFileName().toString()))
                    .sorted().toList();
        }
        assertTrue(images.size() >= 30, "found only " + images.size() + " images");
        for (Path image : images) {
            byte[] bytes = Files.readAllBytes(image);
            assertArrayEquals(bytes, ImageJson.encode(ImageJson.decodeToString(image, false), image.toString()), image.toString());
            assertArrayEquals(bytes, ImageJson.encode(ImageJson.decodeToString(image, true), image.toString()), image + " (pretty)");
        }
    }
}
