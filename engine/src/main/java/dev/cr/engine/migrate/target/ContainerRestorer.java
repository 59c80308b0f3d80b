package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.MigrationException;
import dev.cr.engine.migrate.protocol.ProtocolError;

import dev.cr.engine.CrException;
import dev.cr.engine.lxc.Containers;
import dev.cr.engine.lxc.MigrationResult;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The target side of one container migration: reserves the container's name in the target's lxcpath by creating
 * its directory (so a container of that name, existing or arriving meanwhile, is never overwritten), receives the
 * directory tree into it, rewrites the source's absolute paths in its configuration, and restores it through
 * liblxc, holding it at CRIU's post-restore stage (restored, not running) until the source commits.
 * {@link #discard()} undoes all of it when the migration does not complete.
 */
public final class ContainerRestorer implements Restorer {
    private final Containers containers;
    private final String name;
    private final Path directory;
    private final TreeReceiver tree;

    private ContainerRestorer(Containers containers, String name, Path directory) {
        this.containers = containers;
        this.name = name;
        this.directory = directory;
        this.tree = new TreeReceiver(directory);
    }

    /** Thrown when the target already has a container of that name; nothing was created. */
    public static final class NameTaken extends Exception {
        NameTaken(String message) {
            super(message);
        }
    }

    /** Creates {@code <lxcpath>/<name>} for the arriving container. */
    public static ContainerRestorer reserve(Containers containers, String name) throws NameTaken, IOException {
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*") || name.length() > 200)
            throw new ProtocolError("refused container name '" + name + "'");
        Path dir = containers.directoryOf(name);
        Files.createDirectories(containers.lxcpath());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new NameTaken("a container named " + name + " already exists on the target (" + dir + ")");
        }
        // rwxrwx---, as lxc-create makes a container's directory (the tree's passes bring everything inside it); set
        // after creation, since the umask would take bits from a mode given to createDirectory.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
        return new ContainerRestorer(containers, name, dir);
    }

    TreeReceiver tree() {
        return tree;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public long restore(Path images, Path logDir, BeforeRunning beforeRunning) {
        String op = "restore of container " + name;
        if (tree.passes() == 0 || tree.sourceDirectory() == null)
            throw new MigrationException(op, "the container's directory did not arrive", null);
        try {
            rewriteConfig(directory.resolve("config"), tree.sourceDirectory(), directory.toString());
            Path snaps = directory.resolve("snaps");
            if (Files.isDirectory(snaps, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(snaps)) {
                    for (Path s : ds) rewriteConfig(s.resolve("config"), tree.sourceDirectory(), directory.toString());
                }
            }
        } catch (IOException e) {
            throw new MigrationException(op, "cannot rewrite the configuration for " + directory + ": " + e.getMessage(), null, e);
        }
        // The container's tasks wait in CRIU's post-restore stage while the migration asks the source.
        MigrationResult r = containers.restore(name, images, logDir, beforeRunning::decide);
        return r.initPid();
    }

    /** Stops the container if it runs here and removes its directory (which this migration created). */
    public void discard() {
        try {
            if (containers.lookup(name).isPresent()) containers.stop(name);
        } catch (CrException e) {
            // removing the directory is what matters; a container still running here would be reported by its monitor
        }
        try {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) TreeReceiver.removeTree(directory);
        } catch (IOException e) {
            // best effort: the next migration of that name says the name is taken and names the directory
        }
    }

    /**
     * Replaces the source's container directory by the target's wherever a configuration value names it as a
     * path (lxc.rootfs.path, lxc.log.file, lxc.mount.fstab, snapshot rootfs paths, ...).
     */
    public static void rewriteConfig(Path config, String from, String to) throws IOException {
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS) || from.equals(to)) return;
        Pattern p = Pattern.compile(Pattern.quote(from) + "(?=/|$|\\s)");
        List<String> lines = Files.readAllLines(config);
        List<String> out = lines.stream().map(l -> p.matcher(l).replaceAll(Matcher.quoteReplacement(to))).toList();
        if (!out.equals(lines)) Files.write(config, out);
    }
}
