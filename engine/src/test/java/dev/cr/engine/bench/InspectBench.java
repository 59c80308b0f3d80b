package dev.cr.engine.bench;

import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.ImageEntry;
import dev.cr.engine.image.ImageFile;
import dev.cr.engine.image.ImageKind;
import dev.cr.engine.image.MemorySearch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * In-process throughput of the image reader and the memory search on a checkpoint directory (give a big one:
 * {@code testdata/make-testdata --big DIR}). Run by scripts/bench-inspect, which runs crit's Python library on the
 * same directory in the same run. One operation = every file of the directory, or every page of every process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx128m", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InspectBench {
    @Param("")
    public String dir;

    private List<Path> images;
    private ImageDir checkpoint;
    private final byte[] absent = "cr-bench-text-that-is-in-no-process".getBytes(StandardCharsets.US_ASCII);

    @Setup(Level.Trial)
    public void open() throws IOException {
        if (dir.isEmpty()) throw new IllegalStateException("give -p dir=DIR (a checkpoint directory)");
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            images = files.filter(p -> p.getFileName().toString().endsWith(".img") || p.getFileName().toString().startsWith("stats-"))
                    .filter(p -> !ImageKind.isRawName(p.getFileName().toString()))
                    .sorted().toList();
        }
        checkpoint = ImageDir.open(Path.of(dir));
    }

    /** Decodes every entry of every (non-raw) image file of the directory. Returns the entry count. */
    @Benchmark
    public long decodeAll() {
        long entries = 0;
        for (Path p : images) {
            try (ImageFile f = ImageFile.open(p)) {
                for (ImageEntry e : f) entries += e.index() >= 0 ? 1 : 0;
            }
        }
        return entries;
    }

    /** Scans every dumped page of every process for a text that is nowhere (so every byte is looked at). */
    @Benchmark
    public long searchAllMemory() {
        return new MemorySearch(0, 0).bytes(checkpoint, absent, m -> {}).bytesScanned();
    }
}
