package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.MigrationException;
import dev.cr.engine.migrate.protocol.ProtocolError;

import dev.cr.engine.CrException;
import dev.cr.engine.lxc.Containers;
import dev.cr.engine.lxc.LxcMigrateCall;

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
public final class LxcRestorer implements Restorer {
    private final Containers containers;
    private final String name;
    private final Path directory;
    private final TreeReceiver tree;
    private final ContainerPolicy policy;
    private final Path logDir;

    private LxcRestorer(Containers containers, String name, Path directory, ContainerPolicy policy, Path logDir) {
        this.containers = containers;
        this.policy = policy;
        this.logDir = logDir;
        this.name = name;
        this.directory = directory;
        this.tree = new TreeReceiver(directory);
    }

    /** Thrown when the target already has a container of that name; nothing was created. */
    static final class NameTaken extends Exception {
        NameTaken(String message) {
            super(message);
        }
    }

    /** Creates {@code <lxcpath>/<name>} for the arriving container; CRIU's restore log will be kept in {@code logDir}. */
    static LxcRestorer reserve(Containers containers, String name, ContainerPolicy policy, Path logDir)
            throws NameTaken, IOException {
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
        return new LxcRestorer(containers, name, dir, policy, logDir);
    }

    TreeReceiver tree() {
        return tree;
    }

    /** {@return the container's directory on this host, which this migration created} */
    Path directory() {
        return directory;
    }

    @Override
    public long restore(Path images, BeforeRunning beforeRunning) {
        String op = "restore of container " + name;
        if (tree.passes() == 0 || tree.sourceDirectory() == null)
            throw new MigrationException(op, "the container's directory did not arrive", null);
        prepareConfig(directory, tree.sourceDirectory(), policy);
        // The container's tasks wait in CRIU's post-restore stage while the migration asks the source.
        LxcMigrateCall r = containers.restore(name, images, logDir, beforeRunning::decide);
        return r.initPid();
    }

    /** Stops the container if it runs here and removes its directory (which this migration created). */
    void discard() {
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
     * Makes the configuration that arrived in {@code directory} (and its snapshots') the target's: the source's
     * directory {@code sourceDirectory} becomes {@code directory} in every path, and what {@code policy} does not
     * allow is refused.
     *
     * @param directory       the container's directory here, as it arrived
     * @param sourceDirectory the container's directory on the source, as the source announced it
     * @param policy          what the configuration may ask beyond the container's directory
     * @throws MigrationException when {@code sourceDirectory} is not an absolute, normalised path, a snapshot is not
     *                            a directory, a configuration asks what {@code policy} refuses ({@code lxc.hook.*}, a
     *                            rootfs outside the directory), or a configuration cannot be rewritten
     */
    public static void prepareConfig(Path directory, String sourceDirectory, ContainerPolicy policy) {
        String op = "restore of the container in " + directory;
        checkSourceDirectory(sourceDirectory, op);
        try {
            List<Path> configs = new java.util.ArrayList<>(List.of(directory.resolve("config")));
            Path snaps = directory.resolve("snaps");
            if (Files.isDirectory(snaps, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(snaps)) {
                    for (Path s : ds) {
                        // A link here would make the rewrite below write through it (another container's config).
                        if (!Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS))
                            throw new MigrationException(op, "the arriving " + directory.relativize(s)
                                    + " is not a directory (a link or a file): a snapshot is a directory",
                                    "the source sent a container directory cr would not make; nothing was restored");
                        configs.add(s.resolve("config"));
                    }
                }
            }
            for (Path config : configs) {
                rewriteConfig(config, sourceDirectory, directory.toString());
                checkConfig(config, directory, policy, op);
            }
        } catch (IOException e) {
            throw new MigrationException(op, "cannot rewrite the configuration for " + directory + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * The source's container directory, as the wire says: the rewrite replaces it in every path of the config, so it
     * must be a path as the source's liblxc names it (absolute, normalised, not the root, one line).
     */
    private static void checkSourceDirectory(String dir, String op) {
        boolean ok = dir != null && dir.startsWith("/") && dir.length() > 1 && dir.length() < 4096
                && !dir.endsWith("/") && dir.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                && Path.of(dir).normalize().toString().equals(dir);
        if (!ok)
            throw new MigrationException(op, "the source directory the source announced ('" + dir.replaceAll("\\p{Cntrl}", "?")
                    + "') is not an absolute, normalised path", "the source is not a cr this target understands; nothing was restored");
    }

    /**
     * Refuses what {@code policy} does not allow: {@code lxc.hook.*} (commands liblxc runs as root here) and an
     * {@code lxc.rootfs.path} that is not a plain directory inside the container's directory.
     */
    private static void checkConfig(Path config, Path directory, ContainerPolicy policy, String op) throws IOException {
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) return;
        for (String line : Files.readAllLines(config)) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq < 0) continue;
            String key = l.substring(0, eq).strip();
            String value = l.substring(eq + 1).strip();
            if (key.startsWith("lxc.hook.") && !key.equals("lxc.hook.version") && !policy.allowHooks())
                throw new MigrationException(op, directory.relativize(config) + " of the arriving container has " + key
                        + ": a hook is a command liblxc would run as root on this host",
                        "remove the hook from the container on the source, or serve with allowHooks(true) "
                                + "if every trusted source may run commands here");
            if ((key.equals("lxc.rootfs.path") || key.equals("lxc.rootfs")) && !policy.allowOutsideRootfs()
                    && !insideDirectory(value, directory))
                throw new MigrationException(op, directory.relativize(config) + " of the arriving container has "
                        + key + " = " + value + ", which is not a directory inside its own directory " + directory,
                        "move the container's root filesystem into its directory on the source, or serve with "
                                + "allowOutsideRootfs(true) if every trusted source may use any directory here");
        }
    }

    /** Whether a rootfs value is a plain directory (optionally "dir:") under {@code directory}, without "..". */
    private static boolean insideDirectory(String value, Path directory) {
        String path = value.startsWith("dir:") ? value.substring(4) : value;
        if (!path.startsWith("/") || path.contains(":")) return false;
        Path p = Path.of(path);
        return p.normalize().equals(p) && p.startsWith(directory) && !p.equals(directory);
    }

    /**
     * Replaces the source's container directory by the target's wherever a configuration value names it as a
     * path (lxc.rootfs.path, lxc.log.file, lxc.mount.fstab, snapshot rootfs paths, ...): only where it is followed
     * by '/', white space or the end of the line, so {@code /var/lib/lxc/c1} does not match {@code /var/lib/lxc/c10}.
     * A missing configuration, or one that is not a regular file, is left alone.
     *
     * @param config the configuration file
     * @param from   the source's container directory
     * @param to     the target's container directory
     * @throws IOException when the file cannot be read or written
     */
    public static void rewriteConfig(Path config, String from, String to) throws IOException {
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS) || from.equals(to)) return;
        Pattern p = Pattern.compile(Pattern.quote(from) + "(?=/|$|\\s)");
        List<String> lines = Files.readAllLines(config);
        List<String> out = lines.stream().map(l -> p.matcher(l).replaceAll(Matcher.quoteReplacement(to))).toList();
        if (!out.equals(lines)) Files.write(config, out);
    }
}
