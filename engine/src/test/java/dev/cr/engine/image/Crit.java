package dev.cr.engine.image;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference tool, crit 4.2.1, in the private CRIU root that scripts/provision builds. crit
 * runs chrooted there, so the images it reads must live inside that root: {@link #workDir()}
 * gives a fresh directory there.
 */
final class Crit {
    static final Path ROOT = Path.of("/var/cache/cr/criu-root");

    private Crit() {}

    /** Skips (or fails under CR_REQUIRE_CRIU=1) when crit 4.2.1 cannot run here. */
    static void require() {
        Requirements.root();
        boolean present = Files.isExecutable(ROOT.resolve("usr/bin/crit"));
        if (!present) {
            String msg = "crit 4.2.1 is not in " + ROOT + " (run scripts/provision)";
            if (Requirements.strict()) Assertions.fail(msg);
            Assumptions.abort(msg);
        }
    }

    /** A new empty directory inside the CRIU root; delete it with {@link #deleteTree}. */
    static Path workDir() throws IOException {
        Path tmp = ROOT.resolve("tmp");
        Files.createDirectories(tmp);
        return Files.createTempDirectory(tmp, "cr-image-test-");
    }

    /** {@code crit ARGS} with stdout captured; fails the test when crit fails. */
    static String run(String... args) throws IOException, InterruptedException {
        Result r = tryRun(args);
        if (r.exit != 0) Assertions.fail("crit " + String.join(" ", args) + " exited " + r.exit + ": " + r.err);
        return r.out;
    }

    record Result(int exit, String out, String err) {}

    static Result tryRun(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("chroot", ROOT.toString(), "crit"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("crit-out", ".txt");
        Path err = Files.createTempFile("crit-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail("crit " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * crit's JSON for each image, from one Python process using crit's own library calls
     * ({@code pycriu.images.load} + {@code json.dumps}, exactly what {@code crit decode} does),
     * because starting crit once per file costs a second each.
     */
    static List<String> decodeAll(List<Path> images, boolean pretty) throws IOException, InterruptedException {
        return decodeAll(images, pretty ? "pretty" : "plain");
    }

    /** As above; mode "plain", "pretty" or "nopl" (crit decode --nopl: payload sizes instead of payloads). */
    static List<String> decodeAll(List<Path> images, String mode) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import json, sys, pycriu",
                "for name in sys.argv[2:]:",
                "    with open(name, 'rb') as f:",
                "        img = pycriu.images.load(f, sys.argv[1] == 'pretty', sys.argv[1] == 'nopl')",
                "    sys.stdout.write(json.dumps(img, indent=4 if sys.argv[1] == 'pretty' else None))",
                "    sys.stdout.write('\\0')");
        List<String> cmd = new ArrayList<>(List.of("chroot", ROOT.toString(), "python3", "-c", script, mode));
        for (Path p : images) cmd.add(inside(p));
        Path out = Files.createTempFile("crit-out", ".txt");
        Path err = Files.createTempFile("crit-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail("crit's library did not finish in 120 s");
            }
            if (p.exitValue() != 0) Assertions.fail("crit's library failed: " + Files.readString(err));
            String all = Files.readString(out, StandardCharsets.UTF_8);
            List<String> texts = List.of(all.split("\0", -1)).subList(0, images.size());
            return texts;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Path of {@code file} as seen inside the chroot. */
    static String inside(Path file) {
        return "/" + ROOT.relativize(file.toAbsolutePath());
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
