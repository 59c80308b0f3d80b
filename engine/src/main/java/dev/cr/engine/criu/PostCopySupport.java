package dev.cr.engine.criu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether post-copy migration (CRIU's lazy pages served by a page server) can work on this host, and what stands in
 * its way when it cannot.
 *
 * <p>Two things must hold. The kernel must have userfaultfd with non-cooperative events (libcriu's {@code lazy_pages}
 * feature). And CRIU's lazy page server must get the pipe it asks for: every CRIU up to 4.2.1 (and its master of
 * 2026-12) sizes the pipe it {@code tee()}s pages through to {@link #PAGE_SERVER_PIPE_BYTES} with
 * {@code F_SETPIPE_SZ}, ignores the {@code EPERM} the kernel answers above {@code fs.pipe-max-size} to a process
 * without CAP_SYS_RESOURCE, and then fails its first page request with {@code splice: -1: Bad file descriptor}
 * (docs/migrate.md, "Post-copy (lazy pages)", and {@code scripts/lazy-pages-repro}). A local lazy restore does not
 * need that pipe, but a migration does.
 *
 * @param possible  whether a lazy migration can work here
 * @param obstacles what stands in its way, one sentence each (empty when possible)
 * @param fix       what would remove them, when something would
 */
public record PostCopySupport(boolean possible, List<String> obstacles, Optional<String> fix) {
    /**
     * The pipe size CRIU's lazy page server asks for: {@code PIPE_MAX_SIZE} pages, that is as many pages as 8 pages
     * of the kernel's 40-byte {@code struct pipe_buffer} describe (819), times the 4096-byte page of x86_64.
     */
    public static final long PAGE_SERVER_PIPE_BYTES = 819L * 4096;

    /** Bit of CAP_SYS_RESOURCE in the capability masks of /proc/PID/status. */
    private static final int CAP_SYS_RESOURCE = 24;

    private static final Path PIPE_MAX_SIZE = Path.of("/proc/sys/fs/pipe-max-size");

    /**
     * Copies the obstacles.
     *
     * @param possible  whether post-copy can work here
     * @param obstacles what stands in its way, one sentence each; empty when possible
     * @param fix       what removes them, when something does
     */
    public PostCopySupport {
        obstacles = List.copyOf(obstacles);
    }

    /**
     * The verdict for this host: CRIU's feature check, this process's effective capabilities (CRIU runs with the
     * same ones) and {@code fs.pipe-max-size}.
     *
     * @param features CRIU's feature check on this host
     * @return the verdict
     */
    public static PostCopySupport here(Features features) {
        return assess(features.lazyPages(), readPipeMaxSize(), hasCapSysResource());
    }

    /**
     * The verdict from the facts it depends on.
     *
     * @param lazyPages      libcriu's {@code lazy_pages} feature (userfaultfd with non-cooperative events)
     * @param pipeMaxSize    {@code fs.pipe-max-size} in bytes, or a negative number when it could not be read
     * @param capSysResource whether the process that runs CRIU has CAP_SYS_RESOURCE in its effective set
     * @return the verdict, with the obstacles and their fix
     */
    public static PostCopySupport assess(boolean lazyPages, long pipeMaxSize, boolean capSysResource) {
        List<String> obstacles = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (!lazyPages) {
            obstacles.add("the kernel has no userfaultfd with non-cooperative events "
                    + "(`criu check --feature uffd-noncoop` fails)");
            fixes.add("a kernel built with CONFIG_USERFAULTFD (Linux 4.11 or later)");
        }
        if (!capSysResource && pipeMaxSize < PAGE_SERVER_PIPE_BYTES) {
            String limit = pipeMaxSize < 0 ? "fs.pipe-max-size cannot be read"
                    : "fs.pipe-max-size is " + String.format("%,d", pipeMaxSize);
            obstacles.add("CRIU's lazy page server sizes a pipe to " + String.format("%,d", PAGE_SERVER_PIPE_BYTES)
                    + " bytes, " + limit + " and root lacks CAP_SYS_RESOURCE: its first page request fails "
                    + "(`splice: -1: Bad file descriptor`, see docs/migrate.md)");
            fixes.add("`sysctl -w fs.pipe-max-size=4194304`, or run cr where root has CAP_SYS_RESOURCE");
        }
        return new PostCopySupport(obstacles.isEmpty(), obstacles,
                fixes.isEmpty() ? Optional.empty() : Optional.of(String.join("; and ", fixes)));
    }

    /** {@return one line for people: "yes", or "no: " and the obstacles} */
    public String summary() {
        return possible ? "yes" : "no: " + String.join("; ", obstacles);
    }

    /**
     * Reads the sysctl in one {@code read()}: a sysctl file answers only a read at offset 0 (a second read, at the
     * offset the first one left, is its end), and {@code Files.readString} asks for one byte first here, so it
     * returned "1" for 1048576.
     */
    private static long readPipeMaxSize() {
        try (InputStream in = Files.newInputStream(PIPE_MAX_SIZE)) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n <= 0 ? -1 : Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static boolean hasCapSysResource() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                    return (mask >>> CAP_SYS_RESOURCE & 1) == 1;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Unknown counts as missing: the verdict then errs towards "not possible", which is what a user can act on.
        }
        return false;
    }
}
