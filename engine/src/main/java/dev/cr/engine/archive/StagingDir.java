package dev.cr.engine.archive;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory beside a target that receives content first and is renamed onto the target when complete.
 * Being on the same file system as the target makes the final rename atomic: readers see either nothing or
 * the whole directory.
 */
public final class StagingDir {
    private StagingDir() {}

    /** Creates {@code .NAME.cr-WHAT-RANDOM} beside {@code target} (creating the target's parent if needed). */
    /**
     * Whether {@code target} may receive a checkpoint: it does not exist, or it is an empty real directory (not a
     * link to one). Unpack and pull never write into anything else.
     */
    public static boolean isFreeTarget(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return true;
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) return false;
        try (var s = Files.list(target)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    public static Path create(Path target, String what, String op) {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "." + target.getFileName() + ".cr-" + what + "-");
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot create a temporary directory in " + parent + ": " + e.getMessage(),
                    "check that " + parent + " is writable and has space", e);
        }
    }

    /** Renames the staging directory onto the target (which may be absent or an empty directory). */
    public static void commit(Path staging, Path target, String op) {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot move the result into place at " + target + ": " + e,
                    "check that " + target + " does not exist or is an empty directory", e);
        }
    }

    /** Removes a directory tree without following links; failures are ignored (it is best effort cleanup). */
    public static void remove(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
