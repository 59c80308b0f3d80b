package dev.cr.engine.bench;

import dev.cr.engine.image.ImageEntry;
import dev.cr.engine.image.ImageFile;
import dev.cr.engine.image.ImageJson;
import dev.cr.engine.image.ImageKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decoding every image of a checkpoint directory in-process: protobuf entries only
 * ({@code readEntries}, what crit's {@code pycriu.images.load} does up to its dicts) and the whole
 * crit JSON text ({@code decodeJson}). The directory is the system property {@code cr.bench.dir};
 * scripts/bench-decode runs this and crit's library on the same directory in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx128m"})
public class ImageDecodeBench {
    private List<Path> images;

    @Setup
    public void findImages() throws IOException {
        Path dir = Path.of(System.getProperty("cr.bench.dir", "testdata/pipe-tree"));
        try (var s = Files.list(dir)) {
            images = s.filter(p -> p.getFileName().toString().endsWith(".img") || p.getFileName().toString().startsWith("stats-"))
                    .filter(p -> !ImageKind.isRawName(p.getFileName().toString())).sorted().toList();
        }
        if (images.isEmpty()) throw new IllegalStateException("no images in " + dir);
    }

    @Benchmark
    public void readEntries(Blackhole bh) {
        for (Path p : images)
            try (ImageFile f = ImageFile.open(p)) {
                for (ImageEntry e; (e = f.next()) != null; ) bh.consume(e);
            }
    }

    @Benchmark
    public void decodeJson() {
        for (Path p : images) ImageJson.decode(p, Writer.nullWriter(), false);
    }
}
