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

    /**
     * Whether {@code target} may receive a checkpoint: it does not exist, or it is an empty real directory (not a
     * link to one). Unpack and pull never write into anything else.
     *
     * @param target the directory a checkpoint is to be written to
     * @return true when it is absent or an empty directory; false for anything else, or when it cannot be listed
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

    /**
     * Creates {@code .NAME.cr-WHAT-RANDOM} beside {@code target} (creating the target's parent if needed).
     *
     * @param target the directory the result will be renamed to
     * @param what   a word naming the operation in the directory's name ("unpack", "pull", "migrate")
     * @param op     the operation, for the error message
     * @return the new, empty directory, on the same file system as the target so that the rename is atomic
     * @throws ArchiveException when the directory cannot be created
     */
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

    /**
     * Renames the staging directory onto the target (which may be absent or an empty directory).
     *
     * @param staging the directory made by {@link #create}
     * @param target  where it goes
     * @param op      the operation, for the error message
     * @throws ArchiveException when the rename fails (the target is taken, or on another file system)
     */
    public static void commit(Path staging, Path target, String op) {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ArchiveException(op, "cannot move the result into place at " + target + ": " + e,
                    "check that " + target + " does not exist or is an empty directory", e);
        }
    }

    /**
     * Removes a directory tree without following links; failures are ignored (it is best effort cleanup).
     *
     * @param dir the tree to remove; null or absent does nothing
     */
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
