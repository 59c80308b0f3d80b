package dev.cr.engine.migrate.source;

import dev.cr.engine.criu.CriuArguments;
import dev.cr.engine.lxc.ActionGate;
import dev.cr.engine.migrate.MigrationException;
import dev.cr.engine.migrate.trust.LoopbackPeer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Post-copy's final dump on the source: {@code criu dump --lazy-pages}, run as a command (libcriu's lazy page server
 * listens on every address; see {@link CriuArguments}). CRIU freezes the tree, writes every image but the lazy
 * pages, runs its {@code post-dump} action (where the migration's frozen step sends the images and lets the target
 * restore; {@link ActionGate}), then serves the pages on 127.0.0.1 until the target's lazy-pages daemon closed its
 * session, and kills the tree; if the session fails, or the frozen step failed, it resumes the tree.
 *
 * <p>Whatever the frozen step decides, CRIU then opens its page server and waits for one connection: cr takes it at
 * once ({@link #connect}), checked to be that CRIU's ({@link LoopbackPeer}), before another local process could.
 * After a failed step cr resets it at once ({@link #release}), which CRIU takes as a failed transfer: the tree
 * resumes.
 */
final class LazyDump implements AutoCloseable {
    private static final Duration CONNECT_WITHIN = Duration.ofSeconds(30);

    private final Process criu;
    private final ActionGate gate;
    private final int port;
    private final Path log;
    private final CompletableFuture<Void> frozenStep;

    private LazyDump(Process criu, ActionGate gate, int port, Path log, CompletableFuture<Void> frozenStep) {
        this.criu = criu;
        this.gate = gate;
        this.port = port;
        this.log = log;
        this.frozenStep = frozenStep;
    }

    /** Starts the dump described by {@code plan}; {@code whileFrozen} runs at its post-dump stage. */
    static LazyDump start(Checkpointer.LazyDumpPlan plan, Checkpointer.FrozenStep whileFrozen, String op) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ActionGate gate = null;
        try {
            Files.createDirectories(plan.logDir());
            gate = ActionGate.open(plan.logDir(), "post-dump", rootPid -> {
                try {
                    whileFrozen.run();
                    done.complete(null);
                } catch (Exception e) {
                    done.completeExceptionally(e);
                    throw e;
                }
            });
            int port = freeLoopbackPort();
            Path log = plan.logDir().resolve("lazy-dump-" + System.currentTimeMillis() + ".log");
            List<String> cmd = new ArrayList<>(List.of(plan.criu().toString(), "dump"));
            try {
                cmd.addAll(CriuArguments.dump(plan.options()));
            } catch (IllegalArgumentException e) {
                gate.close();
                throw new MigrationException(op, e.getMessage() + "; the workload was not touched", "migrate without --post-copy");
            }
            cmd.addAll(List.of("-D", plan.options().imagesDir().toAbsolutePath().toString(), "-o", log.toString(),
                    "--lazy-pages", "--address", "127.0.0.1", "--port", Integer.toString(port),
                    "--action-script", gate.script().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.logDir().resolve("lazy-dump.out").toFile())).start();
            return new LazyDump(p, gate, port, log, done);
        } catch (IOException e) {
            if (gate != null) gate.close();
            throw new MigrationException(op, "cannot start CRIU's lazy dump: " + e.getMessage() + "; the workload was not touched",
                    "check that " + plan.criu() + " is an executable CRIU", e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Path log() {
        return log;
    }

    ProcessHandle process() {
        return criu.toHandle();
    }

    /**
     * Waits for the frozen step to end; rethrows its failure (CRIU then resumes the tree once released). Also
     * returns, with a failure, when CRIU ended before it reached the post-dump stage.
     */
    void awaitFrozenStep() throws Exception {
        while (true) {
            try {
                frozenStep.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            } catch (java.util.concurrent.TimeoutException e) {
                if (!criu.isAlive() && !gate.ran()) {
                    throw new IOException("CRIU's lazy dump ended (exit " + criu.exitValue() + ") before the tasks were dumped; see " + log);
                }
            }
        }
    }

    /**
     * The connection to CRIU's lazy page server, once it listens (right after the post-dump stage): connects again
     * until it does, and keeps only a connection whose other end this CRIU holds.
     */
    Socket connect() throws IOException {
        long deadline = System.nanoTime() + CONNECT_WITHIN.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && criu.isAlive()) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                // CRIU holds its end once its accept() returned, a moment after our connect did.
                long checkUntil = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < checkUntil && criu.isAlive()) {
                    if (LoopbackPeer.otherEndHeldBy(s, List.of(criu.toHandle()))) return s;
                    sleep(5);
                }
                // Reset, never a plain close: CRIU takes an end of file for a finished session and kills the tasks.
                s.setSoLinger(true, 0);
                s.close();
                throw new IOException("another process took CRIU's page server port " + port + " on 127.0.0.1");
            } catch (java.net.ConnectException e) {
                last = e;
                s.close();
                sleep(10);
            }
        }
        throw new IOException("CRIU's lazy page server never listened on 127.0.0.1:" + port
                + (last == null ? "" : " (" + last.getMessage() + ")") + "; see " + log);
    }

    /** After a failed frozen step: takes CRIU's connection and resets it, so that CRIU resumes the tree and ends. */
    void release() {
        try (Socket s = connect()) {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // CRIU ended, or never listened: nothing holds the tree
        }
    }

    /** CRIU's exit code, waiting at most {@code wait}; -1 when it still runs then. */
    int awaitExit(Duration wait) throws InterruptedException {
        return criu.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? criu.exitValue() : -1;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the run: CRIU is given a moment to end by itself (it resumes or kills the tree), then killed. */
    @Override
    public void close() {
        try {
            if (!criu.waitFor(10, TimeUnit.SECONDS)) {
                criu.destroyForcibly();
                criu.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            gate.close();
        }
    }
}
