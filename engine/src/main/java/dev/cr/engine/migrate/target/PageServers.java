package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.trust.Fingerprint;
import dev.cr.engine.migrate.trust.LoopbackPeer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The target's CRIU page servers: one {@code criu page-server} per iteration of a migration, writing the pages
 * that the source's dump sends straight into that iteration's directory. CRIU's page-server protocol has no
 * authentication, so the page server listens on loopback only, cr connects to it at once and checks that the page
 * server holds the other end (nobody else got in first), and only then relays into it the bytes of a page stream
 * connection that presented the migration's client certificate and the iteration's one-time secret.
 */
final class PageServers {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUFFER = 1 << 20;
    /**
     * Test hook: {@code CR_FAULT=slow-pages} in {@code cr serve}'s environment holds the page stream back (25 ms
     * per MiB), so that a test can break a migration while its pages are certainly still streaming.
     */
    private static final boolean SLOW_PAGES = "slow-pages".equals(System.getenv("CR_FAULT"));

    private final Path criu;
    private final Path logDir;
    private final Consumer<String> log;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    /** One iteration's page server. */
    static final class Run {
        final String id;
        final int n;
        final String secret;
        final Fingerprint source;
        final Process process;
        final Socket toCriu;
        final Path log;
        final Path dir;
        final AtomicBoolean taken = new AtomicBoolean();
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final Consumer<Message.Failure> control;

        Run(String id, int n, String secret, Fingerprint source, Process process, Socket toCriu, Path log, Path dir,
            Consumer<Message.Failure> control) {
            this.control = control;
            this.id = id;
            this.n = n;
            this.secret = secret;
            this.source = source;
            this.process = process;
            this.toCriu = toCriu;
            this.log = log;
            this.dir = dir;
        }
    }

    /** A page server ended badly; {@code diskFull} when its file system filled up. */
    static final class Failed extends IOException {
        final boolean diskFull;

        Failed(String message, boolean diskFull) {
            super(message);
            this.diskFull = diskFull;
        }
    }

    /** @param criu the CRIU to run page servers with, or null when this target restores no process trees itself */
    PageServers(Path criu, Path logDir, Consumer<String> log) {
        this.criu = criu;
        this.logDir = logDir;
        this.log = log;
    }

    boolean available() {
        return criu != null;
    }

    private static String key(String id, int n) {
        return id + "/" + n;
    }

    /**
     * Starts the page server of iteration {@code n} of migration {@code id}, writing into {@code dir} (which gets its
     * {@code parent} link to n - 1 first, for n &gt; 1), for a stream from {@code source}; returns its secret.
     */
    Run start(String id, int n, Path dir, Fingerprint source, Consumer<Message.Failure> control) throws IOException {
        if (runs.containsKey(key(id, n))) throw new dev.cr.engine.migrate.protocol.ProtocolError("a second page server for iteration " + n);
        Files.createDirectories(dir);
        if (n > 1 && !Files.exists(dir.resolve("parent"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
            Files.createSymbolicLink(dir.resolve("parent"), Path.of("../" + (n - 1)));
        Files.createDirectories(logDir);
        Path logFile = logDir.resolve("page-server-" + id + "-" + n + ".log");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeLoopbackPort();
            Process p = new ProcessBuilder(criu.toString(), "page-server", "-D", dir.toString(), "--address", "127.0.0.1",
                    "--port", Integer.toString(port), "-o", logFile.toString(), "-v2")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Socket s = connect(p, port);
                String secret = HexFormat.of().formatHex(bytes(24));
                Run r = new Run(id, n, secret, source, p, s, logFile, dir, control);
                runs.put(key(id, n), r);
                p.onExit().thenRun(() -> {
                    if (!r.taken.get()) close(s); // never streamed into: nothing to wait for
                });
                return r;
            } catch (IOException e) {
                last = e;
                p.destroyForcibly();
            }
        }
        throw new IOException("cannot start CRIU's page server (log: " + logFile + "): " + last.getMessage(), last);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Connects to the page server once it listens, and checks that it is the page server that took the connection. */
    private static Socket connect(Process p, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!p.isAlive()) throw new IOException("the page server exited with status " + p.exitValue() + " before it listened");
            Socket s = new Socket();
            try {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setTcpNoDelay(true);
            } catch (ConnectException e) {
                s.close();
                if (System.nanoTime() > deadline) throw new IOException("the page server did not listen within 10 s", e);
                sleep(5);
                continue;
            }
            // The page server takes one connection: if someone else's came first, ours waits in the backlog and
            // the page server holds the other one. Its accept may lag our connect by a moment.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                if (LoopbackPeer.otherEndHeldBy(s, List.of(p.toHandle()))) return s;
                if (!p.isAlive()) break;
                sleep(2);
            }
            s.close();
            throw new IOException("the page server on port " + port + " did not take cr's connection (another local process connected first?)");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Serves a page stream connection whose first frame was {@code ps}, from a client with certificate {@code fp}:
     * relays it into the page server it names, if the certificate and secret are that page server's, else drops it.
     * Returns when the stream ended. The migration's control connection is told of a page server that failed.
     */
    void serve(Message.PageStream ps, Fingerprint fp, Wire stream, String peer) {
        Run r = runs.get(key(ps.migrationId(), ps.n()));
        if (r == null || !r.source.equals(fp)
                || !MessageDigest.isEqual(r.secret.getBytes(StandardCharsets.UTF_8), ps.secret().getBytes(StandardCharsets.UTF_8))
                || !r.taken.compareAndSet(false, true)) {
            log.accept(peer + ": refused a page stream for " + ps.migrationId() + "/" + ps.n() + " (unknown, wrong source or secret, or taken)");
            return;
        }
        long[] relayed = {0};
        AtomicBoolean pageServerDone = new AtomicBoolean();
        Thread back = Thread.ofVirtual().name("cr-serve-pages-acks").start(() -> {
            try {
                pump(r.toCriu.getInputStream(), stream.rawOutput(), false);
            } catch (IOException e) {
                // the stream or the page server went away: the exit status below says which
            }
            pageServerDone.set(true);
            try {
                // The page server closes its end when it exits: all written, or failed.
                if (!r.process.waitFor(30, TimeUnit.SECONDS)) r.process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stream.close(); // tells the source the page server is done (its last answer was the last)
        });
        IOException relayFailure = null;
        try {
            relayed[0] = pump(stream.rawInput(), r.toCriu.getOutputStream(), SLOW_PAGES);
            r.toCriu.shutdownOutput(); // the dump closed its end: the page server waits for that before it exits
        } catch (IOException e) {
            if (!pageServerDone.get()) relayFailure = e; // else: our own close of the finished stream
        }
        try {
            if (relayFailure != null) r.process.destroyForcibly(); // the source is gone: nothing will complete
            back.join(40_000);
            r.process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(r.toCriu);
        stream.close();
        int status = r.process.isAlive() ? -1 : r.process.exitValue();
        if (status == 0 && relayFailure == null) {
            r.done.complete(relayed[0]);
            return;
        }
        Failed f = failure(r, status, relayFailure);
        r.done.completeExceptionally(f);
        log.accept(peer + ": migration " + r.id + ": " + f.getMessage());
        r.control.accept(new Message.Failure(f.diskFull ? Message.Failure.Kind.DISK_FULL : Message.Failure.Kind.RECEIVE_FAILED, f.getMessage()));
    }

    private Failed failure(Run r, int status, IOException relay) {
        String logText = "";
        try {
            logText = Files.readString(r.log);
        } catch (IOException e) {
            // no log
        }
        boolean full = logText.contains("No space left on device") || logText.contains("Disk quota exceeded");
        if (!full) {
            try {
                full = Files.getFileStore(r.dir).getUsableSpace() < (1 << 20);
            } catch (IOException e) {
                // unknown
            }
        }
        if (full) return new Failed("the target's file system is full (" + r.dir.getParent() + "): CRIU's page server could not write the pages (log: " + r.log + ")", true);
        if (relay != null) return new Failed("the page stream of iteration " + r.n + " broke: " + relay.getMessage(), false);
        return new Failed("CRIU's page server for iteration " + r.n + " failed with status " + status + " (log: " + r.log + ")", false);
    }

    /** Waits until iteration {@code n}'s page server (if it had one) ended well; the bytes relayed into it. */
    long awaitDone(String id, int n, Duration timeout) throws IOException {
        Run r = runs.get(key(id, n));
        if (r == null) return 0;
        try {
            return r.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the page stream of iteration " + n + " did not end within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    /** The migration is over (either way): its page servers that still run are killed. */
    void discard(String id) {
        runs.entrySet().removeIf(e -> {
            if (!e.getValue().id.equals(id)) return false;
            Run r = e.getValue();
            r.process.destroyForcibly();
            close(r.toCriu);
            try {
                r.process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
    }

    private static long pump(InputStream in, OutputStream out, boolean slow) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            out.flush();
            if (slow && (total >> 20) != ((total + n) >> 20)) sleep(25);
            total += n;
        }
        return total;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
