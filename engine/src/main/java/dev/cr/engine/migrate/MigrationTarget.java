package dev.cr.engine.migrate;

import dev.cr.engine.CrException;
import dev.cr.engine.archive.StagingDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
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
    /** How long a source may stay silent (between frames) before the target gives up on it. */
    static final Duration IDLE = Duration.ofSeconds(120);

    private final ServeState state;
    private final Restorer restorer;
    private final Consumer<String> log;
    private final SSLServerSocket server;
    private final Identity identity;
    private final Thread acceptor;
    /** Where arriving LXC containers go; null for the system lxcpath. */
    private final Path lxcpath;

    private MigrationTarget(ServeState state, Restorer restorer, Path lxcpath, Consumer<String> log, SSLServerSocket server,
                            Identity identity) {
        this.state = state;
        this.restorer = restorer;
        this.lxcpath = lxcpath;
        this.log = log;
        this.server = server;
        this.identity = identity;
        this.acceptor = Thread.ofVirtual().name("cr-serve-accept").start(this::acceptLoop);
    }

    /** Creates the identity on first use, binds {@code listen} and starts accepting. */
    public static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Consumer<String> log) {
        return start(state, listen, restorer, null, log);
    }

    /**
     * As {@link #start(ServeState, InetSocketAddress, Restorer, Consumer)}; LXC containers that arrive are put in
     * {@code lxcpath} (null: the system lxcpath) and restored there.
     */
    public static MigrationTarget start(ServeState state, InetSocketAddress listen, Restorer restorer, Path lxcpath,
                                        Consumer<String> log) {
        CryptoWarmUp.start();
        Identity identity = state.identity();
        String op = "listening on " + listen;
        try {
            Files.createDirectories(state.incoming());
            // Left by a target that was killed mid-transfer: nobody will finish those migrations.
            try (var stale = Files.list(state.incoming())) {
                stale.forEach(StagingDir::remove);
            }
            SSLContext ctx = Tls.server(identity);
            SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
            s.setReuseAddress(true);
            s.bind(listen);
            s.setEnabledProtocols(new String[] {Tls.PROTOCOL});
            s.setNeedClientAuth(true);
            return new MigrationTarget(state, restorer, lxcpath, log, s, identity);
        } catch (IOException e) {
            throw new MigrationException(op, "cannot listen: " + e.getMessage(),
                    "check that the address belongs to this host and the port is free", e);
        }
    }

    public Fingerprint fingerprint() {
        return identity.fingerprint();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("cr-serve-" + s.getRemoteSocketAddress()).start(() -> serve((SSLSocket) s));
            } catch (IOException e) {
                if (server.isClosed()) return;
                log.accept("accept failed: " + e.getMessage());
            }
        }
    }

    private void serve(SSLSocket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        Path dir = null;
        Restorer.RestoredTree restored = null;
        ContainerRestorer container = null;
        boolean committed = false;
        try (socket) {
            socket.setSoTimeout((int) IDLE.toMillis());
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
            Message first = wire.receive();
            if (!(first instanceof Message.Hello hello) || hello.version() != Message.VERSION) {
                wire.sendNow(new Message.Failure(Message.Failure.Kind.PROTOCOL, "expected a hello of protocol version " + Message.VERSION));
                return;
            }
            if (!state.trusted().contains(fp)) {
                if (hello.token().isEmpty()) {
                    refuse(wire, peer, fp, "this source is not trusted and presented no join token");
                    return;
                }
                if (!state.tokens().consume(hello.token())) {
                    refuse(wire, peer, fp, "the join token is unknown, expired or already used");
                    return;
                }
                state.trusted().add(client);
                log.accept(peer + ": trusted new source " + fp + " (join token used)");
            }
            if (!hello.container().isEmpty()) {
                try {
                    container = ContainerRestorer.reserve(containers(), hello.container());
                } catch (ContainerRestorer.NameTaken e) {
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

            ImageReceiver receiver = new ImageReceiver(dir);
            long bytes = 0;
            while (true) {
                Message m = wire.receive();
                switch (m) {
                    case Message.File f -> bytes += receiveOrReport(receiver, f, wire);
                    case Message.Link l -> receiver.receive(l, wire);
                    case Message.TreeEntry e -> {
                        if (container == null) throw new ImageReceiver.ProtocolError("a directory tree for a process tree");
                        TreeReceiver tree = container.tree();
                        bytes += receiveOrReport(() -> tree.receive(e, wire), e.path(), wire);
                    }
                    case Message.TreeRemove r -> {
                        if (container == null) throw new ImageReceiver.ProtocolError("a directory tree for a process tree");
                        container.tree().remove(r);
                    }
                    case Message.TreeDone d -> {
                        if (container == null) throw new ImageReceiver.ProtocolError("a directory tree for a process tree");
                        container.tree().done(d);
                        log.accept(peer + ": migration " + id + ": container directory, pass " + d.pass() + " received ("
                                + bytes + " bytes so far)");
                    }
                    case Message.IterationDone d -> {
                        receiver.iterationDone(d.n());
                        log.accept(peer + ": migration " + id + ": iteration " + d.n() + " received (" + bytes + " bytes so far)");
                    }
                    case Message.Restore r -> {
                        long t0 = System.nanoTime();
                        Path images = receiver.iteration(receiver.lastIteration());
                        try {
                            restored = (container != null ? container : restorer).restore(images,
                                    container != null ? state.dir().resolve("logs") : dir);
                        } catch (CrException e) {
                            log.accept(peer + ": migration " + id + ": restore failed: " + e.cause());
                            String lines = e.logLines().isEmpty() ? "" : "\n" + String.join("\n", e.logLines().stream().limit(12).toList());
                            wire.sendNow(new Message.Failure(Message.Failure.Kind.RESTORE_FAILED, e.cause() + lines));
                            return;
                        }
                        wire.sendNow(new Message.Restored(restored.pid(), (System.nanoTime() - t0) / 1_000_000));
                        log.accept(peer + ": migration " + id + ": restored as pid " + restored.pid());
                    }
                    case Message.Commit c -> {
                        committed = true;
                        wire.sendNow(new Message.Running(restored == null ? 0 : restored.pid()));
                        log.accept(peer + ": migration " + id + " done; pid " + (restored == null ? "?" : restored.pid()) + " runs here");
                        return;
                    }
                    case Message.Failure f -> {
                        log.accept(peer + ": migration " + id + " aborted by the source: " + f.reason());
                        return;
                    }
                    default -> throw new ImageReceiver.ProtocolError("unexpected " + m.getClass().getSimpleName());
                }
            }
        } catch (EOFException | SocketException e) {
            log.accept(peer + ": connection lost: " + e.getMessage());
        } catch (IOException e) {
            log.accept(peer + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept(peer + ": " + e);
        } finally {
            if (!committed) {
                if (restored != null) {
                    log.accept(peer + ": the source did not commit: killing restored pid " + restored.pid());
                    restored.kill();
                }
                if (container != null) {
                    log.accept(peer + ": removing the received container directory " + container.directory());
                    container.discard();
                }
            }
            if (dir != null) StagingDir.remove(dir);
        }
    }

    /** Receives one file; a full disk is told to the source in words before the connection closes. */
    private long receiveOrReport(ImageReceiver receiver, Message.File f, Wire wire) throws IOException {
        return receiveOrReport(() -> receiver.receive(f, wire), f.path(), wire);
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
        } catch (ImageReceiver.ProtocolError e) {
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

    private dev.cr.engine.lxc.Containers containers() {
        return lxcpath == null ? dev.cr.engine.lxc.Containers.system() : dev.cr.engine.lxc.Containers.at(lxcpath);
    }

    static boolean isDiskFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left on device") || m.contains("Disk quota exceeded");
    }

    private void refuse(Wire wire, String peer, Fingerprint fp, String why) throws IOException {
        log.accept(peer + ": refused source " + fp + ": " + why);
        wire.sendNow(new Message.Failure(Message.Failure.Kind.NOT_TRUSTED, why));
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        acceptor.interrupt();
    }
}
