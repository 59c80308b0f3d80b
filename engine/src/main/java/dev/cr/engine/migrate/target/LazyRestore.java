package dev.cr.engine.migrate.target;

import dev.cr.engine.CrException;
import dev.cr.engine.criu.CriuFlag;
import dev.cr.engine.lxc.ActionGate;
import dev.cr.engine.migrate.PhaseLog;
import dev.cr.engine.migrate.postcopy.PageStreamRelay;
import dev.cr.engine.migrate.protocol.Deadlines;
import dev.cr.engine.migrate.trust.LoopbackPeer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Post-copy on the target, for one migration: {@code criu lazy-pages --page-server} connected to a loopback port
 * whose only accepted connection (checked with {@link LoopbackPeer}) goes into a {@link PageStreamRelay}, which the
 * source's page stream connections join; then {@code criu restore --lazy-pages}, held at its post-restore stage
 * ({@link ActionGate}) until the source's verdict, like a plain restore. Both run as {@code criu} commands: libcriu
 * has no lazy-pages restore option.
 *
 * <p>The safeguard: whenever the stream is given up (no connection for {@link Deadlines#POST_COPY_RETRY}, a broken
 * protocol, the daemon failing), the restored tree is killed before the daemon could lose its connection, so that it
 * never runs on the zero pages the kernel would give it for pages that did not arrive.
 */
final class LazyRestore implements AutoCloseable {
    private static final Duration DAEMON_CONNECTS_WITHIN = Duration.ofSeconds(30);

    final String secret = HexFormat.of().formatHex(random());
    private final Path criu;
    private final Path logDir;
    private final String id;
    private final Consumer<String> log;
    private volatile PageStreamRelay relay;
    private volatile Process daemon;
    private volatile Process restore;
    private volatile long restoredPid = -1;
    private volatile String daemonFailure;
    private Path daemonLog;

    LazyRestore(Path criu, Path logDir, String id, Consumer<String> log) {
        this.criu = criu;
        this.logDir = logDir;
        this.id = id;
        this.log = log;
    }

    private static byte[] random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** Whether {@code offered} is this migration's page stream secret (compared in constant time). */
    boolean matches(String offered) {
        return MessageDigest.isEqual(secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                offered.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Restores {@code images} lazily and returns the restored root's pid once it runs. {@code beforeRunning} is
     * called with the tree restored and not running (as {@link Restorer#restore}); when it throws, CRIU kills the
     * tree and this throws a {@link CrException} carrying it.
     */
    long restore(Path images, List<String> flags, Restorer.BeforeRunning beforeRunning, PhaseLog phases) {
        String op = "lazy restore of migration " + id;
        long stamp = System.currentTimeMillis();
        daemonLog = logDir.resolve("lazy-pages-" + id + "-" + stamp + ".log");
        Path restoreLog = logDir.resolve("restore-lazy-" + id + "-" + stamp + ".log");
        ActionGate gate = null;
        try (ServerSocket forDaemon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.createDirectories(logDir);
            daemon = new ProcessBuilder(criu.toString(), "lazy-pages", "--page-server", "--address", "127.0.0.1",
                    "--port", Integer.toString(forDaemon.getLocalPort()), "-D", images.toString(), "-o", daemonLog.toString(), "-v4")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // The daemon connects to its page server once the restore has handed it the tasks' userfaultfds, and asks
            // for pages at once (the restore itself touches lazy memory): the relay is made the moment it connects.
            Thread.ofVirtual().name("cr-serve-lazy-pages-" + id).start(() -> {
                try {
                    Socket s = acceptDaemon(forDaemon);
                    synchronized (this) {
                        relay = PageStreamRelay.accepting("target " + id, s, Deadlines.POST_COPY_RETRY, this::killCopy);
                        notifyAll();
                    }
                } catch (IOException e) {
                    log.accept("migration " + id + ": the lazy-pages daemon never connected to its page stream: " + e.getMessage());
                    killCopy();
                }
            });
            daemon.onExit().thenAccept(p -> {
                if (p.exitValue() != 0) {
                    daemonFailure = "the lazy-pages daemon failed (exit " + p.exitValue() + "; see " + daemonLog + ")";
                    PageStreamRelay r = relay;
                    if (r != null) r.abort(daemonFailure);
                    else killCopy();
                }
            });
            Path socket = images.resolve("lazy-pages.socket");
            long until = System.nanoTime() + DAEMON_CONNECTS_WITHIN.toNanos();
            while (!Files.exists(socket) && daemon.isAlive() && System.nanoTime() < until) Thread.sleep(10);
            if (!Files.exists(socket)) throw new IOException("the lazy-pages daemon did not open " + socket + "; see " + daemonLog);
            phases.mark("restore: the lazy-pages daemon listens");

            gate = ActionGate.open(logDir, "post-restore", pid -> {
                restoredPid = pid;
                phases.mark("restore: restored lazily, held at post-restore");
                beforeRunning.decide(pid);
                phases.mark("commit: the verdict is in; CRIU lets the copy run");
            });
            Path pidfile = images.resolve("restored.pid");
            List<String> cmd = new ArrayList<>(List.of(criu.toString(), "restore", "-D", images.toString(), "-d", "--lazy-pages",
                    "-v4", "-o", restoreLog.toString(), "--pidfile", pidfile.toString(), "--action-script", gate.script().toString()));
            for (String f : flags) cmd.add(commandLineFlag(f));
            restore = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int exit = restore.waitFor();
            phases.mark("commit: criu restore ended (exit " + exit + ")");
            Exception stepFailure = gate.failure();
            if (exit != 0 || stepFailure != null) {
                killCopy();
                if (relay != null) relay.abort("the restore failed");
                throw new CrException(op, stepFailure != null ? stepFailure.getMessage()
                        : "criu restore --lazy-pages failed (exit " + exit + ")", "see " + restoreLog, restoreLog,
                        errorLines(restoreLog), stepFailure);
            }
            long pid = restoredPid > 0 ? restoredPid : Long.parseLong(Files.readString(pidfile).strip());
            restoredPid = pid;
            return pid;
        } catch (IOException | InterruptedException | NumberFormatException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            killCopy();
            if (relay != null) relay.abort("the restore failed");
            throw new CrException(op, "the lazy restore failed: " + e.getMessage(), "see " + restoreLog, restoreLog,
                    errorLines(restoreLog), e);
        } finally {
            if (gate != null) gate.close();
        }
    }

    /**
     * CRIU's command-line option for a restore flag of the protocol ({@code RestoreFlags}): a yes/no option as
     * {@link CriuFlag} spells it for the {@code criu} command, anything else ({@code manage-cgroups=MODE}) as is.
     */
    private static String commandLineFlag(String flag) {
        return CriuFlag.byCriuName(flag).flatMap(CriuFlag::commandLineOption).orElse("--" + flag);
    }

    private Socket acceptDaemon(ServerSocket server) throws IOException {
        server.setSoTimeout((int) DAEMON_CONNECTS_WITHIN.toMillis());
        while (true) {
            Socket s = server.accept();
            if (LoopbackPeer.otherEndHeldBy(s, List.of(daemon.toHandle()))) return s;
            s.close(); // not our daemon: none of its bytes reaches the stream
        }
    }

    private static List<String> errorLines(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("Error") && !l.contains("RLIMIT_NOFILE")).limit(12).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A page stream connection of this migration; false when the relay does not exist yet (or any more). */
    boolean offer(Socket socket, InputStream in) throws InterruptedException {
        PageStreamRelay r;
        synchronized (this) {
            // The source dials as soon as its CRIU serves pages, maybe before the daemon here connected: wait for it.
            long until = System.nanoTime() + DAEMON_CONNECTS_WITHIN.toNanos();
            while ((r = relay) == null && System.nanoTime() < until) wait(100);
        }
        if (r == null) return false;
        r.offer(socket, in);
        return true;
    }

    /** The relay's outcome, once it is over (a connection offered to it waits for this too); empty before the restore. */
    Optional<PageStreamRelay.Result> awaitEnd(Duration wait) throws InterruptedException {
        PageStreamRelay r = relay;
        return r == null ? Optional.empty() : r.awaitResult(wait);
    }

    /** The daemon's end: its exit code within {@code wait}, or -1. */
    int awaitDaemon(Duration wait) throws InterruptedException {
        Process d = daemon;
        return d != null && d.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? d.exitValue() : -1;
    }

    /** Why the daemon failed, when it did. */
    String daemonFailure() {
        return daemonFailure;
    }

    /** The safeguard: kills the restored tree (or the restore under way) before it can run on missing pages. */
    void killCopy() {
        long pid = restoredPid;
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                try (var d = h.descendants()) {
                    d.forEach(ProcessHandle::destroyForcibly);
                }
                h.destroyForcibly();
            });
            log.accept("migration " + id + ": killed the restored copy (pid " + pid + ")");
        }
        Process r = restore;
        if (r != null && r.isAlive()) r.destroyForcibly();
    }

    /** Gives up whatever still runs (the migration ended): the relay (which kills the copy) and the daemon. */
    @Override
    public void close() {
        PageStreamRelay r = relay;
        if (r != null) r.abort("the migration ended");
        Process d = daemon;
        if (d != null && d.isAlive()) {
            try {
                if (!d.waitFor(5, TimeUnit.SECONDS)) d.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                d.destroyForcibly();
            }
        }
    }
}
