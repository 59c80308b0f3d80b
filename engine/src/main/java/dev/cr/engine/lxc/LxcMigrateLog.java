package dev.cr.engine.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.cr.engine.criu.CriuLog;

/**
 * The CRIU log of one liblxc migrate call. liblxc has CRIU write {@code <directory>/<action>.log}
 * ({@code dump.log}, {@code pre-dump.log}, {@code restore.log}) and would overwrite it on the next call into the
 * same directory; the engine keeps each one under a name of its operation and time,
 * {@code migration_<action>_<yyyyMMdd'T'HHmmss.SSS>.log}.
 */
final class LxcMigrateLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);

    private LxcMigrateLog() {}

    /** The name a kept log gets, for example {@code migration_dump_20261122T025512.123.log}. */
    static String keptName(String action, Instant when) {
        return "migration_" + action + "_" + STAMP.format(when) + ".log";
    }

    /**
     * Moves {@code <directory>/<action>.log} to {@code keepIn/migration_<action>_<stamp>.log}; returns the new path,
     * or null when CRIU wrote no log (liblxc failed before running it).
     */
    static Path keep(Path directory, String action, Instant when, Path keepIn) {
        Path written = directory.resolve(action + ".log");
        if (!Files.exists(written)) return null;
        Path kept = keepIn.resolve(keptName(action, when));
        try {
            Files.createDirectories(keepIn);
            Files.move(written, kept, StandardCopyOption.REPLACE_EXISTING);
            return kept;
        } catch (IOException e) {
            return written;
        }
    }

    /** What a failed migrate call's CRIU log says, through the engine's CRIU log explanation. */
    record Explanation(String cause, String fix, List<String> lines) {}

    /**
     * Explains a failure from its CRIU log with {@link CriuLog} (the failure catalog shared with process dumps):
     * the known cause and its fix when the catalog has one, else CRIU's first error line; {@code fallback} when CRIU
     * wrote no log (liblxc failed before running it). A few LXC-specific fixes complete the catalog.
     */
    static Explanation explain(Path log, String fallback) {
        if (log == null || !Files.isReadable(log)) return new Explanation(fallback, null, List.of());
        CriuLog criuLog = CriuLog.read(log);
        List<String> lines = criuLog.explanation();
        if (lines.size() > 20) lines = lines.subList(lines.size() - 20, lines.size());
        var known = criuLog.cause();
        if (known.isPresent()) return new Explanation(known.get().summary(), known.get().fix(), lines);
        List<String> errors = criuLog.errors();
        if (errors.isEmpty()) return new Explanation(fallback, null, lines);
        String first = errors.stream().filter(l -> !l.contains("exited, status=")).findFirst().orElse(errors.get(0));
        int colon = first.indexOf("): ");
        String cause = "CRIU: " + (colon >= 0 ? first.substring(colon + 3) : first.trim());
        return new Explanation(cause, lxcFix(errors), lines);
    }

    private static String lxcFix(List<String> errors) {
        String all = String.join("\n", errors);
        if (all.contains("nested user namespace"))
            return "a process in the container runs in a user namespace of its own, which CRIU cannot checkpoint; end it and retry";
        if (all.contains("move_mount"))
            return "restore with CRIU's --mntns-compat-mode (cr's criu launcher for liblxc adds it; is another criu first on PATH?)";
        return null;
    }
}
