package dev.cr.engine.lxc;

import dev.cr.ffm.libc.Posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Makes liblxc run the CRIU the engine selected. liblxc does not take a CRIU path: it looks {@code criu} up on the
 * PATH of the process's C environment (the one {@code getenv} sees, which {@code ProcessBuilder} never changes) and
 * execs it with the action as first argument ({@code criu dump ...}, {@code criu restore ...},
 * {@code criu check --feature ...}, {@code criu --version}).
 *
 * <p>So the engine writes a small launcher named {@code criu} into a directory of its own under {@code /run/cr}
 * and puts that directory first on the C environment's PATH with libc's {@code setenv}. The launcher execs the
 * selected CRIU, adding {@code --mntns-compat-mode} for {@code restore} only: restoring a container with CRIU's
 * mount engine v2 fails on these kernels ({@code move_mount ... Invalid argument}) while CRIU refuses that option on
 * any other action, so a process-wide setting ({@code CRIU_CONFIG_FILE}) would break dumps running at the same time.
 *
 * <p>The C environment is process-wide: PATH is changed once per CRIU path, under a lock, and stays changed. Every
 * {@link Containers} of a JVM should select the same CRIU; the last one selected wins otherwise.
 */
final class CriuForLxc {
    static final Path RUN_DIR = Path.of("/run/cr");

    private CriuForLxc() {}

    /** Makes the launcher for {@code criu} current and first on PATH; returns the launcher's directory. */
    static synchronized Path install(Path criu) {
        Path dir = RUN_DIR.resolve("lxc-criu-" + shortHash(criu.toAbsolutePath().toString()));
        try {
            Files.createDirectories(dir);
            Path launcher = dir.resolve("criu");
            String script = launcherScript(criu.toAbsolutePath());
            if (!Files.exists(launcher) || !Files.readString(launcher).equals(script)) {
                Path tmp = Files.createTempFile(dir, "criu", ".tmp");
                Files.writeString(tmp, script);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, launcher, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LxcException("preparing CRIU for liblxc", "cannot write the criu launcher in " + dir + ": " + e.getMessage(),
                    "run as root (liblxc checkpoints need root anyway)", e);
        }
        putFirstOnPath(dir);
        return dir;
    }

    static String launcherScript(Path criu) {
        String quoted = "'" + criu.toString().replace("'", "'\\''") + "'";
        return """
                #!/bin/sh
                # Written by cr: liblxc runs the criu first on PATH; this runs the CRIU cr selected.
                # Restore only: --mntns-compat-mode (CRIU's mount engine v2 fails to restore containers here).
                if [ "$1" = restore ]; then exec %s "$@" --mntns-compat-mode; fi
                exec %s "$@"
                """.formatted(quoted, quoted);
    }

    /** The C environment's PATH, as liblxc will see it. */
    static String cPath() {
        String v = Posix.getenv("PATH");
        return v == null ? "" : v;
    }

    private static void putFirstOnPath(Path dir) {
        String current = cPath();
        String first = current.split(":", 2)[0];
        if (first.equals(dir.toString())) return;
        // Drop launchers of other CRIU paths so exactly one is on PATH, then put this one first.
        String rest = Arrays.stream(current.split(":"))
                .filter(p -> !p.isEmpty() && !p.startsWith(RUN_DIR.resolve("lxc-criu-").toString()))
                .collect(Collectors.joining(":"));
        String path = rest.isEmpty() ? dir + ":/usr/sbin:/usr/bin:/sbin:/bin" : dir + ":" + rest;
        if (Posix.setenv("PATH", path) != 0)
            throw new LxcException("preparing CRIU for liblxc", "setenv(PATH) failed", null);
    }

    private static String shortHash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
