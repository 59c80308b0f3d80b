package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.MigrationException;
import dev.cr.engine.migrate.PhaseLog;
import dev.cr.engine.migrate.protocol.Deadlines;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.ProtocolError;
import dev.cr.engine.migrate.protocol.RestoreFlags;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.trust.CryptoWarmUp;
import dev.cr.engine.migrate.trust.Fingerprint;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;
import dev.cr.engine.migrate.trust.Tls;

import dev.cr.engine.CrException;
import dev.cr.engine.archive.StagingDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.cr.engine.migrate.postcopy.PageStreamRelay;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The receiving side of migrations ({@code cr serve}): listens for TLS 1.3 connections, admits a source whose
 * certificate is trusted or that presents an unused join token, receives the checkpoint iterations, restores the
 * final one and reports. Whatever goes wrong before the source commits (the connection drops, the disk fills up,
 * the restore fails, the source aborts) the restored tree, if any, is killed and everything received is removed.
 * One virtual thread per connection; several migrations may arrive at once.
 */
public final class MigrationTarget implements AutoCloseable {
    /** Test hook: {@code CR_FAULT=close-after-restored} makes the target drop the connection right after Restored. */
    private static final boolean CLOSE_AFTER_RESTORED = "close-after-restored".equals(System.getenv("CR_FAULT"));

    private final ServeState state;
    private final Restorer restorer;
    private final Consumer<String> log;
    private final SSLServerSocket server;
    private final Identity identity;
    private final Thread acceptor;
    private final PendingCommits commits = new PendingCommits();
    private final AdmissionGate gate = new AdmissionGate();
    /** The certificate that started each migration being received: only it may give the verdict on a new connection. */
    private final java.util.Map<String, Fingerprint> startedBy = new java.util.concurrent.ConcurrentHashMap<>();
    /** The CRIU page servers that receive the pages of process trees while the source dumps them. */
    private final PageServers pages;
    /** Post-copy sessions of migrations being received, by migration id. */
    private final java.util.Map<String, LazyRestore> lazy = new java.util.concurrent.ConcurrentHashMap<>();
    /** The connections being served, so that close() can let them finish their clean-up. */
    private final java.util.Set<Thread> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Duration commitWait;
    /** Where arriving LXC containers go; null for the system lxcpath. */
    private final Path lxcpath;
    /** What an arriving container's configuration may ask beyond its own directory. */
    private final ContainerPolicy containerPolicy;

    private MigrationTarget(ServeState state, Restorer restorer, Path lxcpath, ContainerPolicy containerPolicy,
                            Consumer<String> log, SSLServerSocket server, Identity identity, Duration commitWait) {
        this.state = state;
        this.containerPolicy = containerPolicy;
        this.lxcpath = lxcpath;
        this.commitWait = commitWait;
        this.restorer = restorer;
        this.pages = new PageServers(restorer.criuBinary().orElse(null), state.dir().resolve("logs"), log);
        this.log = log;
        this.server = server;
        this.identity = identity;
        this.acceptor = Thread.ofVirtual().name("cr-serve-accept").start(this::acceptLoop);
    }

    /**
     * Creates the identity on first use, binds {@code listen} and starts accepting, on virtual threads; arriving
     * containers go to the system lxcpath, with {@link ContainerPolicy#STRICT}. Staging directories left by a target
     * killed mid-transfer are removed first.
     *
     * @param state    the service's directory: identity, trusted sources, join tokens, staging, logs
     * @param listen   the address and port to listen on (port 0: any free one, see {@link #address()})
     * @param restorer how arriving process trees are restored
     * @param log      told each event in one line (a source admitted or refused, a migration's phases and end)
     * @return the running target; {@link #close()} stops it
     * @throws MigrationException when the address cannot be bound or the state directory cannot be written
     */
    public static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Consumer<String> log) {
        return start(state, listen, restorer, null, ContainerPolicy.STRICT, log, Deadlines.COMMIT_WAIT);
    }

    /**
     * As {@link #start(ServeState, InetSocketAddress, Restorer, Consumer)}; LXC containers that arrive are put in
     * {@code lxcpath} (null: the system lxcpath) and restored there.
     *
     * @param state    the service's directory
     * @param listen   the address and port to listen on
     * @param restorer how arriving process trees are restored
     * @param lxcpath  where arriving containers go, or null for the system lxcpath
     * @param log      told each event in one line
     * @return the running target
     * @throws MigrationException when the address cannot be bound or the state directory cannot be written
     */
    public static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Path lxcpath,
                                        Consumer<String> log) {
        return start(state, listen, restorer, lxcpath, ContainerPolicy.STRICT, log, Deadlines.COMMIT_WAIT);
    }

    /**
     * As {@link #start(ServeState, InetSocketAddress, Restorer, Path, Consumer)}, with what arriving containers'
     * configurations may ask ({@link ContainerPolicy#STRICT} by default).
     *
     * @param state           the service's directory
     * @param listen          the address and port to listen on
     * @param restorer        how arriving process trees are restored
     * @param lxcpath         where arriving containers go, or null for the system lxcpath
     * @param containerPolicy what an arriving container's configuration may ask beyond its own directory
     * @param log             told each event in one line
     * @return the running target
     * @throws MigrationException when the address cannot be bound or the state directory cannot be written
     */
    public static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Path lxcpath,
                                        ContainerPolicy containerPolicy, Consumer<String> log) {
        return start(state, listen, restorer, lxcpath, containerPolicy, log, Deadlines.COMMIT_WAIT);
    }

    /**
     * As {@link #start(ServeState, InetSocketAddress, Restorer, Consumer)}, with another wait for the verdict (a
     * rehearsal, tests).
     *
     * @param state      the service's directory
     * @param listen     the address and port to listen on
     * @param restorer   how arriving process trees are restored
     * @param log        told each event in one line
     * @param commitWait how long a restored tree waits, not running, for the source's verdict before it is killed
     *                   (60 s by default)
     * @return the running target
     * @throws MigrationException when the address cannot be bound or the state directory cannot be written
     */
    public static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Consumer<String> log, Duration commitWait) {
        return start(state, listen, restorer, null, ContainerPolicy.STRICT, log, commitWait);
    }

    private static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Path lxcpath,
                                         ContainerPolicy containerPolicy, Consumer<String> log, Duration commitWait) {
        CryptoWarmUp.start();
        Identity identity = state.identity();
        String op = "listening on " + listen;
        try {
            Files.createDirectories(state.incoming());
            // Left by a target that was killed mid-transfer: nobody will finish those migrations.
            try (var stale = Files.list(state.incoming())) {
                stale.forEach(StagingDir::remove);
            }
            // The first migration's pages then meet a compiled TLS record layer (a long-running service stays warm).
            dev.cr.engine.migrate.trust.TlsWarmUp.start(identity, 64L << 20);
            SSLContext ctx = Tls.server(identity);
            SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
            s.setReuseAddress(true);
            s.bind(listen);
            s.setEnabledProtocols(new String[] {Tls.PROTOCOL});
            s.setNeedClientAuth(true);
            return new MigrationTarget(state, restorer, lxcpath, containerPolicy, log, s, identity, commitWait);
        } catch (IOException e) {
            throw new MigrationException(op, "cannot listen: " + e.getMessage(),
                    "check that the address belongs to this host and the port is free", e);
        }
    }

    /** {@return the fingerprint of this target's certificate: what a source pins ({@code cr serve} prints it)} */
    public Fingerprint fingerprint() {
        return identity.fingerprint();
    }

    /** {@return the address and port actually bound (the port chosen when 0 was asked)} */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The most bytes a peer may make us read before it is trusted: a Hello or a Resume fits in a few hundred. */
    static final int PRE_AUTH_FRAME = 16 << 10;
    /** The longest pause of the accept loop after accept failed (out of descriptors, say). */
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private void acceptLoop() {
        long backoff = 0;
        long refusedLogged = 0;
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
                backoff = 0;
            } catch (IOException e) {
                if (server.isClosed()) return;
                // Out of descriptors (EMFILE) accept fails at once, every time, as long as connections wait in the
                // backlog: without a pause this loop would spin a core and flood the log.
                backoff = backoff == 0 ? 10 : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                log.accept("accept failed: " + e.getMessage() + "; pausing " + backoff + " ms");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException x) {
                    return;
                }
                continue;
            }
            InetAddress peer = ((InetSocketAddress) s.getRemoteSocketAddress()).getAddress();
            if (!gate.admit(peer)) {
                closeQuietly(s);
                long now = System.nanoTime();
                if (now - refusedLogged > 1_000_000_000L) { // one line a second at most, whatever the flood
                    refusedLogged = now;
                    log.accept(s.getRemoteSocketAddress() + ": too many connections waiting to be trusted ("
                            + AdmissionGate.PER_ADDRESS + " per address, " + AdmissionGate.TOTAL + " in all); closed");
                }
                continue;
            }
            Thread t = Thread.ofVirtual().name("cr-serve-" + s.getRemoteSocketAddress()).unstarted(() -> {
                Admission admission = new Admission(peer, s);
                try {
                    serve((SSLSocket) s, admission);
                } finally {
                    admission.trusted();
                    connections.remove(Thread.currentThread());
                }
            });
            connections.add(t);
            t.start();
        }
    }

    /**
     * One connection's place in the gate and its handshake deadline: until {@link #trusted()} the socket is closed
     * when {@link Deadlines#HANDSHAKE} has passed, however the peer trickles its bytes (a read timeout alone would
     * let one byte every few seconds keep it open).
     */
    private final class Admission {
        private final InetAddress peer;
        private final Thread watchdog;
        private boolean left;

        Admission(InetAddress peer, Socket socket) {
            this.peer = peer;
            this.watchdog = Thread.ofVirtual().name("cr-serve-deadline").start(() -> {
                try {
                    Thread.sleep(Deadlines.HANDSHAKE);
                    synchronized (this) { // not once trusted() has run, even if it ran just now
                        if (!left) closeQuietly(socket);
                    }
                } catch (InterruptedException trustedInTime) {
                    // the peer was trusted (or gone) before the deadline
                }
            });
        }

        /** The peer is trusted (or the connection ends): it leaves the gate and the deadline no longer applies. */
        synchronized void trusted() {
            if (left) return;
            left = true;
            watchdog.interrupt();
            gate.leave(peer);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // it is being refused anyway
        }
    }

    private void serve(SSLSocket socket, Admission admission) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        Path dir = null;
        LxcRestorer container = null;
        boolean running = false;
        try (socket) {
            socket.setSoTimeout((int) Deadlines.HANDSHAKE.toMillis());
            socket.setTcpNoDelay(true);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                log.accept(peer + ": TLS handshake failed: " + e.getMessage());
                return;
            }
            X509Certificate client = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            Fingerprint fp = Fingerprint.of(client);
            Wire wire = new Wire(socket.getInputStream(), socket.getOutputStream(), socket);
            Message first;
            try {
                first = wire.receive(PRE_AUTH_FRAME);
            } catch (IOException | ProtocolError e) {
                log.accept(peer + ": refused source " + fp + " before trust: " + e.getMessage());
                return;
            }
            if (first instanceof Message.PageStream ps) {
                // A second connection of a migration under way: its pages, relayed into the page server it names
                // only if this certificate and the iteration's one-time secret are the ones that page server expects.
                // An untrusted certificate is refused here, before any of its bytes can reach CRIU.
                if (!state.trusted().contains(fp)) {
                    log.accept(peer + ": refused a page stream from " + fp + ": this source is not trusted");
                    return;
                }
                admission.trusted();
                socket.setSoTimeout((int) Deadlines.IDLE.toMillis());
                pages.serve(ps, fp, wire, peer);
                return;
            }
            if (first instanceof Message.LazyPageStream ls) {
                // Post-copy's page stream (again, after a break): only from the certificate that started the
                // migration, with its secret, and only while its relay exists.
                LazyRestore session = lazy.get(ls.migrationId());
                if (!state.trusted().contains(fp) || session == null || !fp.equals(startedBy.get(ls.migrationId()))
                        || !session.matches(ls.secret())) {
                    log.accept(peer + ": refused a post-copy page stream from " + fp + " for migration " + ls.migrationId());
                    return;
                }
                admission.trusted();
                // The relay owns the connection once offered; it closes it when it replaces or ends it.
                try {
                    if (!session.offer(socket, wire.rawInput())) return;
                    while (session.awaitEnd(Duration.ofSeconds(1)).isEmpty() && !socket.isClosed()) { /* waiting */ }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (first instanceof Message.Resume resume) {
                if (state.trusted().contains(fp)) {
                    admission.trusted();
                    socket.setSoTimeout((int) Deadlines.IDLE.toMillis());
                    answerResume(wire, peer, fp, resume);
                } else {
                    refuse(wire, peer, fp, "this source is not trusted");
                }
                return;
            }
            if (!(first instanceof Message.Hello hello) || hello.version() != Message.VERSION) {
                wire.sendNow(new Message.Failure(Message.Failure.Kind.PROTOCOL, "expected a hello of protocol version " + Message.VERSION));
                return;
            }
            if (!state.trusted().contains(fp)) {
                if (hello.token().isEmpty()) {
                    refuse(wire, peer, fp, "this source is not trusted and presented no join token");
                    return;
                }
                if (!state.tokens().consume(hello.token(), fp)) {
                    refuse(wire, peer, fp, "the join token is unknown, expired, already used, or made for another source");
                    return;
                }
                state.trusted().add(client);
                log.accept(peer + ": trusted new source " + fp + " (join token used)");
            }
            admission.trusted();
            socket.setSoTimeout((int) Deadlines.IDLE.toMillis());
            if (!hello.container().isEmpty()) {
                try {
                    container = LxcRestorer.reserve(containers(), hello.container(), containerPolicy, state.dir().resolve("logs"));
                } catch (LxcRestorer.NameTaken e) {
                    log.accept(peer + ": refused " + hello.workload() + ": " + e.getMessage());
                    wire.sendNow(new Message.Failure(Message.Failure.Kind.NAME_TAKEN, e.getMessage()));
                    return;
                } catch (CrException e) {
                    log.accept(peer + ": cannot receive " + hello.workload() + ": " + e.cause());
                    wire.sendNow(new Message.Failure(Message.Failure.Kind.RESTORE_FAILED, "the target cannot take containers: " + e.cause()));
                    return;
                }
            }
            String id = UUID.randomUUID().toString().substring(0, 8);
            dir = Files.createDirectories(state.incoming().resolve(id));
            wire.sendNow(new Message.Accepted(id));
            log.accept(peer + ": migration " + id + " of " + hello.workload() + " started");
            startedBy.put(id, fp);
            running = receive(wire, socket, peer, id, dir, container, fp);
        } catch (EOFException | SocketException e) {
            log.accept(peer + ": connection lost: " + e.getMessage());
        } catch (IOException e) {
            log.accept(peer + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept(peer + ": " + e);
        } finally {
            if (container != null && !running) {
                log.accept(peer + ": removing the received container directory " + container.directory());
                container.discard();
            }
            if (dir != null) StagingDir.remove(dir);
            if (dir != null) startedBy.remove(dir.getFileName().toString());
        }
    }

    /**
     * Receives the iterations (and a container's directory) until the source asks for the restore, then restores
     * and waits for the verdict; true when the restored workload runs here.
     */
    private boolean receive(Wire wire, SSLSocket socket, String peer, String id, Path dir, LxcRestorer container,
                            Fingerprint source) throws IOException {
        try {
            return receive(wire, socket, peer, id, dir, container, source, new PhaseLog("target " + id));
        } finally {
            pages.discard(id); // page servers of a migration that ended (either way) have nothing more to do
            LazyRestore session = lazy.remove(id);
            if (session != null) session.close();
        }
    }

    private boolean receive(Wire wire, SSLSocket socket, String peer, String id, Path dir, LxcRestorer container,
                            Fingerprint source, PhaseLog phases) throws IOException {
        CryptoWarmUp.stop(); // the transfer keeps AES-GCM hot from here on
        ImageReceiver receiver = new ImageReceiver(dir);
        long bytes = 0;
        while (true) {
            Message m = wire.receive();
            switch (m) {
                case Message.File f -> bytes += receiveOrReport(receiver, f, f.path(), wire);
                case Message.Part p -> bytes += receiveOrReport(receiver, p, p.path(), wire);
                case Message.PartsDone d -> receiveOrReport(receiver, d, d.path(), wire);
                case Message.PartsDropped d -> receiveOrReport(receiver, d, d.path(), wire);
                case Message.Link l -> receiver.receive(l, wire);
                case Message.TreeEntry e -> {
                    TreeReceiver tree = tree(container);
                    bytes += receiveOrReport(() -> tree.receive(e, wire), e.path(), wire);
                }
                case Message.TreeRemove r -> tree(container).remove(r);
                case Message.TreeDone d -> {
                    tree(container).done(d);
                    log.accept(peer + ": migration " + id + ": container directory, pass " + d.pass() + " received ("
                            + bytes + " bytes so far)");
                }
                case Message.PageServer ps -> {
                    if (container != null || !pages.available())
                        throw new ProtocolError("a page server was asked for, but " + (container != null
                                ? "a container's pages come through liblxc" : "this target runs no CRIU of its own"));
                    if (ps.n() != receiver.lastIteration() + 1)
                        throw new ProtocolError("a page server for iteration " + ps.n() + " after iteration " + receiver.lastIteration());
                    PageServers.Run run;
                    try {
                        run = pages.start(id, ps.n(), receiver.iteration(ps.n()), source, f -> reportQuietly(wire, f));
                    } catch (IOException e) {
                        wire.sendNow(new Message.Failure(isDiskFull(e) ? Message.Failure.Kind.DISK_FULL : Message.Failure.Kind.RECEIVE_FAILED,
                                "the target cannot receive pages: " + e.getMessage()));
                        drain(wire);
                        throw e;
                    }
                    wire.sendNow(new Message.PageServerReady(ps.n(), run.secret));
                    phases.mark("dump: page server of iteration " + ps.n() + " waits for the pages");
                }
                case Message.IterationDone d -> {
                    // The pages came through the page server: it must have written them all and ended well.
                    long paged = pages.awaitDone(id, d.n(), Deadlines.IDLE);
                    if (paged > 0) phases.mark("transfer tail: page server of iteration " + d.n() + " done (" + paged + " bytes)");
                    bytes += paged;
                    receiver.iterationDone(d.n());
                    phases.mark("iteration " + d.n() + " received");
                    log.accept(peer + ": migration " + id + ": iteration " + d.n() + " received (" + bytes + " bytes so far)");
                }
                case Message.PostCopy pc -> {
                    if (container != null || !restorer.lazyPages() || restorer.criuBinary().isEmpty()) {
                        String why = container != null ? "a container cannot be restored lazily"
                                : "this target's kernel or CRIU cannot restore with lazy pages (cr check: post-copy)";
                        log.accept(peer + ": migration " + id + ": refused post-copy: " + why);
                        wire.sendNow(new Message.Failure(Message.Failure.Kind.RESTORE_FAILED, why));
                        drain(wire);
                        return false;
                    }
                    LazyRestore session = new LazyRestore(restorer.criuBinary().get(), state.dir().resolve("logs"), id, log);
                    lazy.put(id, session);
                    wire.sendNow(new Message.PostCopyReady(session.secret));
                    phases.mark("admit: post-copy: the final dump will be restored lazily");
                }
                case Message.Restore r -> {
                    try {
                        RestoreFlags.apply(r.options(), dev.cr.engine.criu.RestoreOptions.builder(dir));
                    } catch (ProtocolError e) {
                        wire.sendNow(new Message.Failure(Message.Failure.Kind.PROTOCOL, e.getMessage()));
                        return false;
                    }
                    if (!r.options().isEmpty()) log.accept(peer + ": migration " + id + ": restoring with " + r.options());
                    phases.mark("restore: starts");
                    boolean running = restore(wire, socket, peer, id, receiver.iteration(receiver.lastIteration()), container,
                            r.options(), phases);
                    // restore() marked the copy running; with post-copy it returns only at the window's end.
                    if (lazy.containsKey(id)) phases.mark("post-copy: window closed; " + (running ? "every page arrived" : "the workload is lost"));
                    else if (!running) phases.mark("commit: the restored copy was not let run");
                    return running;
                }
                case Message.Failure f -> {
                    log.accept(peer + ": migration " + id + " aborted by the source: " + f.reason());
                    return false;
                }
                default -> throw new ProtocolError("unexpected " + m.getClass().getSimpleName());
            }
        }
    }

    /**
     * Restores, reports the restored pid while the tree does not run yet, and lets it run only on the source's
     * commit (after which the source's copy is gone). Without a commit within the commit wait the tree is killed.
     */
    private boolean restore(Wire wire, SSLSocket socket, String peer, String id, Path images,
                            LxcRestorer container, java.util.List<String> options, PhaseLog phases) throws IOException {
        long t0 = System.nanoTime();
        PendingCommits.Pending pending = commits.open(id, startedBy.get(id));
        try {
            Restorer r = container != null ? container : restorer;
            LazyRestore session = lazy.get(id);
            Restorer.BeforeRunning held = restoredPid -> {
                try {
                    wire.sendNow(new Message.Restored(restoredPid, (System.nanoTime() - t0) / 1_000_000));
                } catch (IOException e) {
                    throw new NotCommitted("the connection broke before the restore could be reported (" + e.getMessage() + ")");
                }
                log.accept(peer + ": migration " + id + ": restored as pid " + restoredPid + ", waiting for the source to commit");
                if (CLOSE_AFTER_RESTORED) socket.close();
                awaitVerdict(wire, pending, id);
            };
            long pid = session != null ? session.restore(images, options, held, phases)
                    : r.restore(images, options, held);
            pending.running().complete(pid);
            log.accept(peer + ": migration " + id + " done; pid " + pid + " runs here");
            try {
                wire.sendNow(new Message.Running(pid));
            } catch (IOException e) {
                // The source got its verdict through; if this answer is lost it asks again on a new connection.
            }
            phases.mark("commit: the restored copy runs" + (session != null ? " and fetches its pages (post-copy window opened)" : ""));
            if (session != null) return postCopyWindow(wire, peer, id, pid, session);
            return true;
        } catch (CrException e) {
            pending.running().completeExceptionally(e);
            NotCommitted no = notCommitted(e);
            if (no != null) {
                log.accept(peer + ": migration " + id + ": " + no.getMessage() + ": the restored copy was killed");
                return false;
            }
            log.accept(peer + ": migration " + id + ": restore failed: " + e.cause());
            String lines = e.logLines().isEmpty() ? "" : "\n" + String.join("\n", e.logLines().stream().limit(12).toList());
            wire.sendNow(new Message.Failure(Message.Failure.Kind.RESTORE_FAILED, e.cause() + lines));
            return false;
        } finally {
            commits.close(id, commitWait);
        }
    }

    /**
     * Post-copy's window on the target: the restored copy runs and its lazy-pages daemon fetches the pages through
     * the relay. It ends well when the daemon had every page and exited 0 (PagesArrived); otherwise the relay's
     * safeguard killed the copy (or it is killed here) and the source hears that the workload is lost, and why.
     */
    private boolean postCopyWindow(Wire wire, String peer, String id, long pid, LazyRestore session) {
        log.accept(peer + ": migration " + id + ": post-copy window opened; pid " + pid + " runs and fetches its pages");
        PageStreamRelay.Result result;
        int daemon;
        try {
            Optional<PageStreamRelay.Result> got;
            do {
                got = session.awaitEnd(Duration.ofSeconds(5));
            } while (got.isEmpty());
            result = got.get();
            daemon = session.awaitDaemon(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.killCopy();
            return false;
        }
        if (result.outcome() == PageStreamRelay.Outcome.COMPLETED && daemon == 0) {
            log.accept(peer + ": migration " + id + ": post-copy window closed: every page arrived (" + result.toLocal()
                    + " bytes, " + result.reconnects() + " reconnections)");
            reportQuietly(wire, new Message.PagesArrived(result.toLocal(), result.reconnects()));
            return true;
        }
        session.killCopy();
        String why = session.daemonFailure() != null ? session.daemonFailure()
                : result.outcome() != PageStreamRelay.Outcome.COMPLETED ? result.reason()
                : "the lazy-pages daemon did not end well (exit " + daemon + ")";
        log.accept(peer + ": migration " + id + ": post-copy window closed: the workload is lost (" + why
                + "); its copy here was killed rather than run on missing pages");
        reportQuietly(wire, new Message.Failure(Message.Failure.Kind.WORKLOAD_LOST, "the target killed its copy: " + why));
        return false;
    }

    /** Waits for Commit on the migration's connection or, if that broke, for a Resume on a new one. */
    private void awaitVerdict(Wire wire, PendingCommits.Pending pending, String id) throws NotCommitted {
        Thread.ofVirtual().name("cr-serve-verdict-" + id).start(() -> {
            try {
                Message m = wire.receive();
                pending.verdict().complete(m instanceof Message.Commit);
            } catch (IOException | RuntimeException e) {
                // The link broke: the source may still deliver its verdict on a new connection.
            }
        });
        String why = "the source aborted";
        try {
            pending.verdict().get(commitWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            why = "no verdict from the source within " + commitWait.toSeconds() + " s";
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            why = "interrupted while waiting for the source's verdict";
        }
        // complete() is a no-op when the verdict arrived meanwhile; join() then returns it.
        pending.verdict().complete(false);
        if (!pending.verdict().join()) throw new NotCommitted(why);
    }

    /** A source whose connection broke after Restored tells its verdict on a new connection. */
    private void answerResume(Wire wire, String peer, Fingerprint fp, Message.Resume resume) throws IOException {
        var pending = commits.find(resume.migrationId());
        if (pending.isPresent() && !pending.get().source().equals(fp)) {
            log.accept(peer + ": refused a verdict on migration " + resume.migrationId() + " from " + fp
                    + ", which did not start it (" + pending.get().source() + " did)");
            wire.sendNow(new Message.Failure(Message.Failure.Kind.NOT_TRUSTED, "migration " + resume.migrationId()
                    + " was started by another source; only its certificate may commit or abort it"));
            return;
        }
        if (pending.isEmpty()) {
            wire.sendNow(new Message.Failure(Message.Failure.Kind.ABORTED, "no restored copy of migration " + resume.migrationId()
                    + " waits here (it was killed after " + commitWait.toSeconds() + " s without a verdict, or was never restored)"));
            return;
        }
        log.accept(peer + ": migration " + resume.migrationId() + ": verdict on a new connection: " + (resume.commit() ? "commit" : "abort"));
        pending.get().verdict().complete(resume.commit());
        try {
            long pid = pending.get().running().get(commitWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            wire.sendNow(new Message.Running(pid));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            wire.sendNow(new Message.Failure(Message.Failure.Kind.ABORTED, "the restored copy of migration "
                    + resume.migrationId() + " does not run: " + (e.getCause() == null ? e : e.getCause()).getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static NotCommitted notCommitted(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) if (c instanceof NotCommitted n) return n;
        return null;
    }

    /** The source did not let the restored tree run: CRIU kills it. */
    public static final class NotCommitted extends Exception {
        NotCommitted(String why) {
            super(why);
        }
    }

    private static TreeReceiver tree(LxcRestorer container) {
        if (container == null) throw new ProtocolError("a directory tree arrived for a process tree");
        return container.tree();
    }

    private dev.cr.engine.lxc.Containers containers() {
        return lxcpath == null ? dev.cr.engine.lxc.Containers.system() : dev.cr.engine.lxc.Containers.at(lxcpath);
    }

    /** Receives one file or piece of one; a full disk is told to the source in words before the connection closes. */
    private long receiveOrReport(ImageReceiver receiver, Message m, String file, Wire wire) throws IOException {
        return receiveOrReport(() -> receiver.receive(m, wire), file, wire);
    }

    private interface Receiving {
        long run() throws IOException;
    }

    private long receiveOrReport(Receiving step, String path, Wire wire) throws IOException {
        try {
            return step.run();
        } catch (IOException e) {
            if (isDiskFull(e)) {
                wire.sendNow(new Message.Failure(Message.Failure.Kind.DISK_FULL,
                        "the target's file system is full (" + state.incoming() + "): " + e.getMessage()));
                drain(wire);
            } else if (!(e instanceof EOFException || e instanceof SocketException)) {
                wire.sendNow(new Message.Failure(Message.Failure.Kind.RECEIVE_FAILED, "the target cannot store " + path + ": " + e.getMessage()));
                drain(wire);
            }
            throw e;
        } catch (ProtocolError e) {
            wire.sendNow(new Message.Failure(Message.Failure.Kind.PROTOCOL, e.getMessage()));
            drain(wire);
            throw e;
        }
    }

    /**
     * After reporting a failure, reads and drops what the source still sends until it hangs up (10 s at most):
     * closing at once would reset the connection, and the source might lose our report in the reset.
     */
    private static void drain(Wire wire) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (System.nanoTime() < deadline) wire.receive();
        } catch (IOException | RuntimeException e) {
            // the source hung up: done
        }
    }

    /** A page server failed while its connection is not the one being read: tells the source on the control one. */
    private static void reportQuietly(Wire wire, Message f) {
        try {
            wire.sendNow(f);
        } catch (IOException e) {
            // the control connection is gone too: the source learns from the broken stream
        }
    }

    /** Whether {@code e} says the disk or the quota is full, so that the source is told so. */
    static boolean isDiskFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left on device") || m.contains("Disk quota exceeded");
    }

    private void refuse(Wire wire, String peer, Fingerprint fp, String why) throws IOException {
        log.accept(peer + ": refused source " + fp + ": " + why);
        wire.sendNow(new Message.Failure(Message.Failure.Kind.NOT_TRUSTED, why));
    }

    /**
     * Stops accepting and gives the connections being served up to {@link #CLOSE_GRACE} to end, so that a
     * migration that just ended has removed what it received before the caller goes on (and, say, removes the
     * state directory under it).
     */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        acceptor.interrupt();
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (Thread t : java.util.List.copyOf(connections)) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How long {@link #close()} waits for the connections being served to finish their clean-up. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
}
