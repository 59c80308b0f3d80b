package dev.cr.engine.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
}
