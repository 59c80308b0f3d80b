package dev.cr.engine.migrate.source;

import dev.cr.engine.migrate.MigrationException;
import dev.cr.engine.migrate.MigrationReport;
import dev.cr.engine.migrate.MigrationRequest;
import dev.cr.engine.migrate.PhaseLog;
import dev.cr.engine.migrate.Progress;
import dev.cr.engine.migrate.protocol.Deadlines;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.trust.CryptoWarmUp;
import dev.cr.engine.migrate.trust.TlsWarmUp;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;
import dev.cr.engine.migrate.trust.Tls;

import dev.cr.engine.CrException;
import dev.cr.engine.archive.StagingDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.cr.engine.migrate.postcopy.PageServerRequests;
import dev.cr.engine.migrate.postcopy.PageStreamRelay;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * Migrates a process tree to a target running {@code cr serve}: connects over TLS 1.3 pinning the target's
 * fingerprint, pre-dumps while the workload runs (when the kernel tracks memory and pre-copy was asked), makes the
 * final dump and, while the tasks are frozen, sends the images and waits for the target to report the restore.
 * The pages of a process tree go to a CRIU page server on the target while CRIU dumps them ({@link PageRelay}, over a
 * second TLS connection): at the post-dump point they are there already, and only the small images are left.
 * Only then is the source copy killed. If anything fails before that, the dump's post-dump step throws, CRIU
 * resumes the source tasks, and the target removes what it received: the workload runs in exactly one place.
 * With post-copy ({@link MigrationRequest#postCopy()}) the target's copy runs before its memory has arrived: see
 * the method {@code postCopy}.
 */
public final class MigrationSource {
    /** How long connecting to the target may take, in milliseconds, before the migration fails with nothing done. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;
    /** How long the commit's answer may take on the migration's own connection before a new one is tried. */
    public static final java.time.Duration FIRST_COMMIT_ANSWER = java.time.Duration.ofSeconds(15);

    private final MigrationRequest request;
    private final Checkpointer checkpointer;
    private final Consumer<Progress> progress;
    private final PhaseLog phases = new PhaseLog("source");
    private long connectedAt;
    private long admittedAt;
    /** Bytes of the page streams (a relay thread adds to it; read for progress and the report). */
    private final java.util.concurrent.atomic.AtomicLong streamedBytes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A migration, not started yet.
     *
     * @param request      what moves where
     * @param checkpointer how the workload is checkpointed: a {@link CriuCheckpointer} for a process tree, an
     *                     {@link LxcCheckpointer} for a container
     * @param progress     told each phase as it starts and the bytes sent as they go (called on the migration's
     *                     threads); null for none
     */
    public MigrationSource(MigrationRequest request, Checkpointer checkpointer, Consumer<Progress> progress) {
        this.request = request;
        this.checkpointer = checkpointer;
        this.progress = progress == null ? p -> {} : progress;
    }

    /**
     * Runs the migration to its end, on the calling thread.
     *
     * @return what was done and how long each part took; the workload then runs on the target only
     * @throws MigrationException when the migration failed; its message says where the workload runs: before the
     *                            commit, the source copy was resumed and the target's removed. Subclasses name the
     *                            cases after that point: {@link CommitUndelivered} (the source copy is gone and the
     *                            commit may not have reached the target; the images are kept here) and
     *                            {@link WorkloadLost} (post-copy lost the workload), and
     *                            {@link MigrationException.NotTrusted} says the target refused this host
     */
    public MigrationReport run() {
        String op = "migration of " + (request.container() == null ? "pid " + request.pid() : "container " + request.container())
                + " to " + request.host() + ":" + request.port();
        long t0 = System.nanoTime();
        startedAt = t0;
        phases.mark("migrate: start (JVM up for " + ProcessHandle.current().info().startInstant()
                .map(i -> java.time.Duration.between(i, java.time.Instant.now()).toMillis() + " ms").orElse("?") + ")");
        CryptoWarmUp.start();
        progress.accept(new Progress(Progress.Phase.CONNECT, 0, 0, 0));
        Identity own = Identity.loadOrCreate(request.identityDir(), "cr-migrate " + ServeState.hostName());
        phases.mark("connect: identity loaded");
        warmUp = TlsWarmUp.start(own, 96L << 20); // ends at the first page stream, or after 96 MiB
        try (Wire wire = connect(own, op)) {
            connectedAt = System.nanoTime();
            phases.mark("connect: connected, TLS handshake done");
            String id = admit(wire, op);
            admittedAt = System.nanoTime();
            progress.accept(new Progress(Progress.Phase.ADMIT, 0, 0, ms(t0)));
            phases.mark("admit: admitted as migration " + id);
            Path work;
            try {
                Files.createDirectories(request.workDir());
                work = Files.createTempDirectory(request.workDir(),
                        request.container() == null ? "pid-" + request.pid() + "-" : "lxc-" + request.container() + "-");
            } catch (IOException e) {
                throw new MigrationException(op, "cannot create a work directory in " + request.workDir() + ": " + e.getMessage(),
                        "give a writable directory with space for the images", e);
            }
            boolean keepImages = false;
            try {
                return transfer(wire, own, id, work, op, t0);
            } catch (CommitUndelivered e) {
                keepImages = true; // the only copy of the workload left may be these images
                throw e;
            } finally {
                if (!keepImages) StagingDir.remove(work);
            }
        } finally {
            warmUp.close();
        }
    }

    private Wire connect(Identity own, String op) {
        SSLSocket s = connectSocket(own, op);
        try {
            return new Wire(s.getInputStream(), s.getOutputStream(), s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new MigrationException(op, "cannot connect to " + request.host() + ":" + request.port() + ": " + e.getMessage()
                    + "; the workload was not touched", "check that cr serve runs on the target and the address is reachable", e);
        }
    }

    private SSLSocket connectSocket(Identity own, String op) {
        SSLContext ctx = Tls.client(own, request.fingerprint(), op);
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(request.host(), request.port()), CONNECT_TIMEOUT_MS);
            raw.setTcpNoDelay(true);
            raw.setSoTimeout((int) Deadlines.IDLE.toMillis());
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, request.host(), request.port(), true);
            Tls.restrict(s);
            s.setUseClientMode(true);
            try {
                s.startHandshake();
            } catch (SSLHandshakeException e) {
                s.close();
                Throwable c = e;
                while (c != null) {
                    if (c.getMessage() != null && c.getMessage().contains("not the expected"))
                        throw new MigrationException(op, c.getMessage(),
                                "check the fingerprint the target printed when it started serving; if the target's identity was recreated, use the new one", e);
                    c = c.getCause();
                }
                throw new MigrationException(op, "the TLS handshake with the target failed: " + e.getMessage() + "; nothing was sent",
                        "check that the target serves migrations on that port", e);
            }
            return s;
        } catch (IOException e) {
            try {
                raw.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new MigrationException(op, "cannot connect to " + request.host() + ":" + request.port() + ": " + e.getMessage()
                    + "; the workload was not touched", "check that the target serves migrations and the address is reachable", e);
        }
    }

    /** Presents the source (and its token); returns the migration's id on the target. */
    private String admit(Wire wire, String op) {
        try {
            wire.sendNow(new Message.Hello(Message.VERSION, request.token(), request.workload(),
                    request.container() == null ? "" : request.container()));
            Message m = wire.receive();
            if (m instanceof Message.Accepted a) return a.migrationId();
            if (m instanceof Message.Failure f && f.kind() == Message.Failure.Kind.NOT_TRUSTED)
                throw new MigrationException.NotTrusted(op, f.reason());
            if (m instanceof Message.Failure f)
                throw new MigrationException(op, "the target refused the migration: " + f.reason(), null);
            throw new MigrationException(op, "the target answered the hello with " + m.getClass().getSimpleName(), null);
        } catch (IOException e) {
            throw new MigrationException(op, "the target closed the connection during the hello: " + e.getMessage()
                    + "; the workload was not touched", "look at the target's output", e);
        }
    }

    private MigrationReport transfer(Wire wire, Identity own, String id, Path work, String op, long t0) {
        CryptoWarmUp.stop(); // the transfer itself keeps AES-GCM hot from here on
        List<MigrationReport.Iteration> done = new ArrayList<>();
        List<String> notes = new ArrayList<>(); // what went otherwise than asked, for the report
        Replies replies = Replies.start(wire);
        long[] lastEvent = {0};
        // Pages go through CRIU's page server on the target while CRIU dumps them, when the checkpointer can send
        // them there (a process tree); a container's dump (liblxc) writes them here and they follow as files.
        boolean streamed = checkpointer.streamsPages();
        long[] pageBytes = {0};
        ImageSender sender = new ImageSender(wire, request.compress(), n -> {
            long now = System.nanoTime();
            if (now - lastEvent[0] < 100_000_000L) return; // a progress line ten times a second is plenty
            lastEvent[0] = now;
            progress.accept(new Progress(Progress.Phase.SENDING, done.size() + 1, sent(wire), ms(t0)));
        }, replies, phases);
        Path parent = null;
        int n = 0;
        try {
            boolean tracking = request.preCopy() && checkpointer.memoryTracking();
            if (request.preCopy() && !tracking)
                notes.add("pre-copy was skipped: this kernel does not track memory changes (CRIU's feature check: mem_track no)");
            if (tracking) {
                do {
                    n++;
                    long ti = System.nanoTime();
                    long w0 = sent(wire);
                    progress.accept(new Progress(Progress.Phase.PRE_DUMP, n, sent(wire), ms(t0)));
                    streaming = new Streaming(Progress.Phase.PRE_DUMP, n, wire);
                    Path dir = Files.createDirectories(work.resolve(Integer.toString(n)));
                    Checkpointer.DumpFacts f;
                    long paged = 0;
                    if (streamed) {
                        try (PageRelay relay = openPages(wire, replies, own, id, n, op)) {
                            try {
                                f = checkpointer.preDump(request.pid(), dir, parent, relay.port());
                            } catch (CrException e) {
                                throw streamFailure(op, e, replies, relay, "the pre-dump failed");
                            }
                            relay.finish(Deadlines.IDLE);
                            paged = relay.bytes();
                            pageBytes[0] += paged;
                        }
                    } else {
                        f = checkpointer.preDump(request.pid(), dir, parent);
                    }
                    long bytes = sender.sendIteration(dir, n, false) + paged;
                    phases.mark("pre-dump " + n + " sent (" + bytes + " bytes, " + paged + " of them pages through the page server)");
                    done.add(new MigrationReport.Iteration(n, false, f.pagesWritten(), bytes, sent(wire) - w0, ms(ti)));
                    parent = dir;
                } while (checkpointer.preDumpAgain());
            }
        } catch (IOException e) {
            throw explain(op, e, replies, "during pre-copy");
        }

        // A container's directory, first pass: while it runs (the second pass, of what changed, is sent frozen).
        Path tree = checkpointer.directoryTree();
        TreeSender treeSender = tree == null ? null : new TreeSender(wire, request.compress(), n2 -> {
            long now = System.nanoTime();
            if (now - lastEvent[0] < 100_000_000L) return;
            lastEvent[0] = now;
            progress.accept(new Progress(Progress.Phase.SENDING, 0, wire.bytesSent(), ms(t0)));
        }, replies);
        if (treeSender != null) {
            try {
                progress.accept(new Progress(Progress.Phase.SENDING, 0, wire.bytesSent(), ms(t0)));
                treeSender.sendFirstPass(tree);
            } catch (IOException e) {
                throw explain(op, e, replies, "while sending the container's directory");
            }
        }

        int last = n + 1;
        Path dir;
        try {
            dir = Files.createDirectories(work.resolve(Integer.toString(last)));
        } catch (IOException e) {
            throw new MigrationException(op, "cannot create " + work + "/" + last + ": " + e.getMessage(), null, e);
        }
        long finalPagesAsked = System.nanoTime();
        boolean lazy = request.postCopy();
        String lazySecret = null;
        if (lazy) {
            try {
                lazySecret = askPostCopy(wire, replies, op); // before the freeze: a refusal touches nothing
            } catch (IOException e) {
                throw explain(op, e, replies, "while asking the target for post-copy");
            }
            phases.mark("admit: the target restores lazily (post-copy)");
        }
        PageRelay relay = null;
        if (streamed && !lazy) {
            try {
                relay = openPages(wire, replies, own, id, last, op); // before the freeze: a failure here touches nothing
            } catch (IOException e) {
                throw explain(op, e, replies, "while setting up the page stream");
            }
            phases.mark("admit: the target's page server for the final dump waits");
        }
        PageRelay pages = relay;
        long dumpCalled = System.nanoTime(); // the workload runs on until CRIU has started and seizes it (FreezeClock)
        long w0 = sent(wire);
        long[] imageBytes = {0};
        long[] targetPid = {0};
        long[] at = new long[4]; // post-dump, images sent, restored (nanoTime)
        progress.accept(new Progress(Progress.Phase.FREEZE, last, sent(wire), ms(t0)));
        streaming = new Streaming(Progress.Phase.DUMP, last, wire);
        Checkpointer.DumpFacts f;
        phases.mark("final dump: CRIU starts, then freezes the tasks" + (lazy ? "; lazily: its pages stay here until the target's copy asks for them"
                : streamed ? "; its pages go to the target's page server as CRIU dumps them" : ""));
        // Without a page server the page files travel while CRIU writes them; the rest, and the check of what was
        // sent, at post-dump.
        DumpTail tail = streamed || lazy ? null : DumpTail.start(dir, sender);
        Checkpointer.FrozenStep whileFrozen = () -> {
            // The tasks are frozen and their images written: send, let the target restore, and only return
            // (letting CRIU kill the source copy) once the target holds a restored copy.
            try {
                at[0] = System.nanoTime();
                java.util.Map<String, ImageSender.Sent> partly = java.util.Map.of();
                long paged = 0;
                if (pages != null) {
                    pages.finish(Deadlines.IDLE);
                    paged = pages.bytes();
                    pageBytes[0] += paged;
                    phases.mark("dump: done, tasks frozen; " + paged + " bytes of pages already in the target's page server");
                } else {
                    partly = tail.stop();
                    phases.mark("dump: done, tasks frozen; " + partly.values().stream().mapToLong(s -> s.bytes).sum()
                            + " bytes of page files sent during the dump");
                }
                progress.accept(new Progress(Progress.Phase.TRANSFER_TAIL, last, sent(wire), ms(t0)));
                if (treeSender != null) treeSender.sendChanges();
                imageBytes[0] = sender.sendIteration(dir, last, true, partly) + paged;
                at[1] = System.nanoTime();
                phases.mark("transfer tail: images sent");
                progress.accept(new Progress(Progress.Phase.RESTORE, last, sent(wire), ms(t0)));
                wire.sendNow(new Message.Restore(checkpointer.restoreFlags()));
                Message m = replies.next(Deadlines.IDLE);
                if (m instanceof Message.Failure fail) throw failure(op, fail);
                if (!(m instanceof Message.Restored r))
                    throw new MigrationException(op, "the target answered the restore with " + m.getClass().getSimpleName(), null);
                targetPid[0] = r.pid();
                at[2] = System.nanoTime();
                phases.mark("restore: target restored (its restore took " + r.restoreMillis() + " ms)");
                progress.accept(new Progress(Progress.Phase.COMMIT, last, sent(wire), ms(t0)));
                // Returning lets CRIU kill the source copy; the target's copy waits for our commit.
            } catch (IOException e) {
                throw explain(op, e, replies, "while sending the final dump");
            }
        };
        if (lazy) {
            Checkpointer.LazyDumpPlan plan = checkpointer.lazyDump(request.pid(), dir, parent).orElseThrow(() ->
                    new MigrationException(op, "this workload cannot be dumped lazily; nothing was frozen", "migrate it without --post-copy"));
            // Frozen, the images written but the lazy pages: send them and let CRIU serve the pages. The target's restore
            // needs some pages already (the restorer touches lazy memory), so it can only come after this step.
            Checkpointer.FrozenStep sendImages = () -> {
                at[0] = System.nanoTime();
                phases.mark("dump: done, tasks frozen; their pages stay here until the target asks for them (post-copy)");
                progress.accept(new Progress(Progress.Phase.TRANSFER_TAIL, last, sent(wire), ms(t0)));
                try {
                    imageBytes[0] = sender.sendIteration(dir, last, true, java.util.Map.of());
                } catch (IOException e) {
                    throw explain(op, e, replies, "while sending the final dump");
                }
                at[1] = System.nanoTime();
                phases.mark("transfer tail: images sent");
            };
            return postCopy(new PostCopyRun(wire, replies, own, id, op, lazySecret, plan, sendImages, done, t0, connectedAt,
                    admittedAt, finalPagesAsked, dumpCalled, w0, at, imageBytes, targetPid, last, notes));
        }
        try {
            f = streamed ? checkpointer.dump(request.pid(), dir, parent, relay.port(), whileFrozen)
                    : checkpointer.dump(request.pid(), dir, parent, whileFrozen);
        } catch (CrException e) {
            if (tail != null) stopQuietly(tail);
            MigrationException why = relay != null && at[0] == 0 ? streamFailure(op, e, replies, relay, "the dump failed") : null;
            if (relay != null) relay.close();
            abortQuietly(wire, e.cause());
            throw why != null ? why : resumed(op, e);
        } catch (RuntimeException | Error e) {
            if (tail != null) stopQuietly(tail); // no thread may go on sending for a migration that is over
            if (relay != null) relay.close();
            throw e;
        }
        long returned = System.nanoTime();
        relay = null;
        if (pages != null) pages.close();
        phases.mark("commit: dump returned, source copy gone (CRIU: frozen " + f.frozenMillis() + " ms, freezing took " + f.freezingMillis() + " ms)");
        targetPid[0] = commit(wire, replies, own, id, op, dir);
        long end = System.nanoTime();
        long froze = FreezeClock.of(dumpCalled, at[0], returned, f, f.log());
        long downtime = (end - froze) / 1_000_000;
        phases.mark("commit: target reports running");
        moved().ifPresent(notes::add);
        done.add(new MigrationReport.Iteration(last, true, f.pagesWritten(), imageBytes[0], sent(wire) - w0, ms(dumpCalled)));
        progress.accept(new Progress(Progress.Phase.DONE, last, sent(wire), ms(t0)));
        java.util.LinkedHashMap<String, Long> times = new java.util.LinkedHashMap<>();
        times.put("connect", connectedAt - t0 < 0 ? 0 : (connectedAt - t0) / 1_000_000);
        // Admission, and the target's page server for the final dump made ready (before the freeze).
        times.put("admit", (admittedAt - connectedAt + dumpCalled - finalPagesAsked) / 1_000_000);
        if (last > 1) times.put("pre-copy", (finalPagesAsked - admittedAt) / 1_000_000);
        // CRIU's start-up and what it collects before seizing the tasks: the workload still runs.
        times.put("dump start", (froze - dumpCalled) / 1_000_000);
        long freezing = Math.max(0, f.freezingMillis());
        times.put("freeze", freezing);
        times.put("dump", Math.max(0, (at[0] - froze) / 1_000_000 - freezing));
        times.put("transfer tail", (at[1] - at[0]) / 1_000_000);
        times.put("restore", (at[2] - at[1]) / 1_000_000);
        times.put("commit", (end - at[2]) / 1_000_000);
        return new MigrationReport(done, ms(t0), downtime, sent(wire), targetPid[0], times, notes);
    }

    /** What post-copy's final step needs of the transfer so far. */
    private record PostCopyRun(Wire wire, Replies replies, Identity own, String id, String op, String secret,
                               Checkpointer.LazyDumpPlan plan, Checkpointer.FrozenStep whileFrozen,
                               List<MigrationReport.Iteration> done, long t0, long connectedAt, long admittedAt,
                               long finalPagesAsked, long dumpCalled, long w0, long[] at, long[] imageBytes, long[] targetPid,
                               int last, List<String> notes) {}

    /** Asks the target to restore the final dump lazily; returns the secret of the page stream connections. */
    private static String askPostCopy(Wire wire, Replies replies, String op) throws IOException {
        wire.sendNow(new Message.PostCopy());
        Message m = replies.next(Deadlines.IDLE);
        if (m instanceof Message.PostCopyReady r) return r.secret();
        if (m instanceof Message.Failure f)
            throw new MigrationException(op, "the target cannot restore lazily: " + f.reason() + "; nothing was frozen",
                    "run cr check on the target (post-copy line), or migrate without --post-copy");
        throw new MigrationException(op, "the target answered the post-copy request with " + m.getClass().getSimpleName(), null);
    }

    /**
     * The final dump of post-copy and its window. CRIU dumps lazily; at post-dump the images go, then CRIU serves
     * the pages from the frozen tree and cr takes that connection into a {@link PageStreamRelay} to the target. The
     * target restores (its restorer already fetches a few pages through the stream) and holds its copy, not
     * running: any failure up to there resumes the source. Then the source's tasks get a SIGSTOP (held whatever
     * happens next) and cr commits: the target's copy runs and fetches its pages, and from here the workload needs
     * both hosts. The window closes when the target's lazy-pages daemon had every page and its copy is known to run:
     * only then does the end of its session reach CRIU, which kills the source copy. If the stream is lost for longer
     * than {@link Deadlines#POST_COPY_RETRY}, the target kills its copy, the source's stays held, and both say the
     * workload is lost.
     */
    private MigrationReport postCopy(PostCopyRun r) {
        String op = r.op();
        LazyDump dump = LazyDump.start(r.plan(), r.whileFrozen(), op);
        try {
            dump.awaitFrozenStep();
        } catch (Exception e) {
            dump.release(); // CRIU resumes the tree
            waitQuietly(dump);
            dump.close();
            MigrationException m = e instanceof MigrationException x ? x
                    : e instanceof IOException io ? explain(op, io, r.replies(), "while sending the final dump")
                    : new MigrationException(op, "the final dump failed: " + e.getMessage(), null, e);
            abortQuietly(r.wire(), m.cause());
            throw new MigrationException(op, m.cause() + "; the source workload was resumed and keeps running",
                    m.fix().orElse(null), dump.log(), List.of(), m);
        }
        // The tree is frozen from here on: list its tasks now, while the target restores, for the hold at the commit.
        java.util.concurrent.CompletableFuture<List<Long>> frozenTree = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> HeldSource.tree(request.pid()), r2 -> Thread.ofVirtual().name("cr-migrate-tree").start(r2));
        java.net.Socket criu;
        try {
            criu = dump.connect();
        } catch (IOException e) {
            abortQuietly(r.wire(), "the source's lazy page server failed: " + e.getMessage());
            dump.release();
            waitQuietly(dump);
            dump.close();
            throw new MigrationException(op, "the source's lazy page server failed: " + e.getMessage()
                    + "; the target's copy never ran and the source workload was resumed and keeps running", null, dump.log(), List.of(), e);
        }
        java.util.concurrent.atomic.AtomicBoolean targetMayRun = new java.util.concurrent.atomic.AtomicBoolean();
        List<Long> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The daemon's end of session kills the source's copy (CRIU takes it as a finished transfer): passed on only
        // once the target's copy is known to run.
        java.util.concurrent.CompletableFuture<Boolean> targetRuns = new java.util.concurrent.CompletableFuture<>();
        PageStreamRelay pages = PageStreamRelay.dialing("source", criu, () -> dialLazy(r), Deadlines.POST_COPY_RETRY,
                () -> targetRuns.complete(false), new PageServerRequests(), targetRuns);
        phases.mark("restore: the source's lazy page server is relayed to the target");
        // The restore, as in a plain migration, but with the source serving pages: a failure resumes the source.
        try {
            progress.accept(new Progress(Progress.Phase.RESTORE, r.last(), sent(r.wire()), ms(r.t0())));
            r.wire().sendNow(new Message.Restore(checkpointer.restoreFlags()));
            Message m = r.replies().next(Deadlines.IDLE);
            if (m instanceof Message.Failure fail) throw failure(op, fail);
            if (!(m instanceof Message.Restored restored))
                throw new MigrationException(op, "the target answered the restore with " + m.getClass().getSimpleName(), null);
            r.at()[2] = System.nanoTime();
            phases.mark("restore: target restored lazily (its restore took " + restored.restoreMillis() + " ms)");
        } catch (IOException | MigrationException e) {
            MigrationException m = e instanceof MigrationException x ? x : explain(op, (IOException) e, r.replies(), "during the restore");
            targetRuns.complete(false);
            abortQuietly(r.wire(), m.cause());
            pages.abort("the target's restore failed: " + m.cause());
            waitQuietly(dump);
            dump.close();
            throw new MigrationException(op, m.cause() + "; the source workload was resumed and keeps running",
                    m.fix().orElse(null), dump.log(), List.of(), m);
        }
        progress.accept(new Progress(Progress.Phase.COMMIT, r.last(), sent(r.wire()), ms(r.t0())));
        // From the commit on the target's copy may run: the source's must never run again by itself, even if this
        // process dies. A SIGSTOP now waits behind CRIU's ptrace stop and holds the tasks whenever CRIU lets go.
        targetMayRun.set(true);
        held.addAll(HeldSource.stop(frozenTree.join()));
        phases.mark("commit: the source's tasks held with SIGSTOP (" + held.size() + ")");
        long pid;
        try {
            pid = commit(r.wire(), r.replies(), r.own(), r.id(), op, null);
            targetRuns.complete(true);
        } catch (CommitUndelivered e) {
            if (e.targetRefused) targetMayRun.set(false);
            targetRuns.complete(false);
            pages.abort("the commit did not take effect: " + e.cause());
            waitQuietly(dump);
            dump.close();
            if (!targetMayRun.get()) {
                HeldSource.resume(held); // the target said its copy does not run: the hold is not needed
                throw new MigrationException(op, e.cause() + "; the source workload was resumed and keeps running", null, e);
            }
            throw new MigrationException(op, "the workload may be lost: " + e.cause() + "; the source's copy is held stopped as it"
                    + " was at the freeze (pids " + held + ")", "if the target's cr serve says the copy of migration " + r.id()
                    + " was killed, resume the source with 'kill -CONT " + held.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" ")) + "'; if it runs there, kill the source's copy", e);
        }
        r.targetPid()[0] = pid;
        long opened = System.nanoTime();
        r.at()[3] = opened;
        phases.mark("post-copy: window opened; the target's copy runs as pid " + pid + " and fetches its pages");
        progress.accept(new Progress(Progress.Phase.POST_COPY, r.last(), sent(r.wire()), ms(r.t0())));
        PageStreamRelay.Result result;
        try {
            Optional<PageStreamRelay.Result> got;
            while ((got = pages.awaitResult(java.time.Duration.ofMillis(200))).isEmpty()) {
                progress.accept(new Progress(Progress.Phase.POST_COPY, r.last(), sent(r.wire()) + pages.bytes()[0], ms(r.t0())));
            }
            result = got.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pages.abort("interrupted");
            result = new PageStreamRelay.Result(PageStreamRelay.Outcome.LOST, "interrupted", 0, 0, 0);
        }
        int exit = waitQuietly(dump);
        long closed = System.nanoTime();
        dump.close();
        if (result.outcome() != PageStreamRelay.Outcome.COMPLETED || exit != 0) {
            String why = result.outcome() != PageStreamRelay.Outcome.COMPLETED ? result.reason()
                    : "CRIU's lazy page server ended with exit " + exit;
            var target = r.replies().awaitFailure(java.time.Duration.ofSeconds(3));
            phases.mark("post-copy: window closed, the workload is lost: " + why);
            throw new WorkloadLost(op, "the workload is lost: the page stream to the target failed after the target's copy had"
                    + " started (" + why + ")" + target.map(t -> "; the target says: " + t.reason()).orElse("; the target kills its copy")
                    + (held.isEmpty() ? "" : "; the source's copy is held stopped as it was at the freeze (pids " + held + ")"),
                    held.isEmpty() ? "look at the CRIU log" : "to go back to the state of the freeze, resume the source's copy with 'kill -CONT "
                    + held.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" "))
                    + "' (what the target's copy did since is lost); or end it with 'kill -9'", dump.log());
        }
        boolean confirmed = false;
        try {
            confirmed = r.replies().next(java.time.Duration.ofSeconds(10)) instanceof Message.PagesArrived;
        } catch (IOException e) {
            // the control connection ended during the window: the end of the daemon's session came through the stream
        }
        phases.mark("post-copy: window closed; the target has every page, the source copy is gone");
        progress.accept(new Progress(Progress.Phase.DONE, r.last(), sent(r.wire()) + result.fromLocal(), ms(r.t0())));
        long[] at = r.at();
        java.util.LinkedHashMap<String, Long> times = new java.util.LinkedHashMap<>();
        times.put("connect", r.connectedAt() - r.t0() < 0 ? 0 : (r.connectedAt() - r.t0()) / 1_000_000);
        times.put("admit", (r.admittedAt() - r.connectedAt() + r.dumpCalled() - r.finalPagesAsked()) / 1_000_000);
        if (r.last() > 1) times.put("pre-copy", (r.finalPagesAsked() - r.admittedAt()) / 1_000_000);
        // No statistics from a lazy dump: its log, read against the moment the post-dump stage reached cr.
        long froze = FreezeClock.of(r.dumpCalled(), at[0], 0, null, dump.log());
        times.put("dump start", (froze - r.dumpCalled()) / 1_000_000);
        times.put("dump", Math.max(0, (at[0] - froze) / 1_000_000));
        times.put("transfer tail", (at[1] - at[0]) / 1_000_000);
        times.put("restore", (at[2] - at[1]) / 1_000_000);
        times.put("commit", (opened - at[2]) / 1_000_000);
        times.put("post-copy", (closed - opened) / 1_000_000);
        r.done().add(new MigrationReport.Iteration(r.last(), true, -1, r.imageBytes()[0] + result.fromLocal(),
                sent(r.wire()) - r.w0() + result.fromLocal(), (closed - r.dumpCalled()) / 1_000_000));
        return new MigrationReport(r.done(), ms(r.t0()), (opened - froze) / 1_000_000, sent(r.wire()) + result.fromLocal(), pid,
                times, r.notes(), new MigrationReport.PostCopyWindow((opened - r.t0()) / 1_000_000, (closed - r.t0()) / 1_000_000,
                result.fromLocal(), result.reconnects(), confirmed));
    }

    /** A new page stream connection for post-copy: TLS with the pinned fingerprint, then LazyPageStream. */
    private java.net.Socket dialLazy(PostCopyRun r) throws IOException {
        SSLSocket s;
        try {
            s = connectSocket(r.own(), r.op());
        } catch (MigrationException e) {
            throw new IOException(e.cause(), e);
        }
        try {
            new Wire(java.io.InputStream.nullInputStream(), s.getOutputStream(), s).sendNow(new Message.LazyPageStream(r.id(), r.secret()));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static int waitQuietly(LazyDump dump) {
        try {
            return dump.awaitExit(java.time.Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Post-copy lost the workload after the target's copy had started: both sides say so, with why. */
    public static final class WorkloadLost extends MigrationException {
        WorkloadLost(String op, String cause, String fix, Path log) {
            super(op, cause, fix, log, List.of(), null);
        }
    }

    /** What the page stream now sending belongs to, for its progress events. */
    private record Streaming(Progress.Phase phase, int iteration, Wire wire) {}

    private volatile Streaming streaming;
    private TlsWarmUp warmUp;
    private long startedAt;
    private long lastStreamEvent;

    /**
     * A piece of a page stream went out (on the relay's thread). The first pieces of the final dump mean CRIU has
     * frozen the tasks and dumps them: the progress then says "dump" instead of "freeze".
     */
    private void streamed(long n) {
        streamedBytes.addAndGet(n);
        Streaming now = streaming;
        long t = System.nanoTime();
        if (now == null || t - lastStreamEvent < 100_000_000L) return;
        lastStreamEvent = t;
        progress.accept(new Progress(now.phase(), now.iteration(), sent(now.wire()), ms(startedAt)));
    }

    /** Bytes sent so far: the frames of the control connection and the pages of the page streams. */
    private long sent(Wire wire) {
        return wire.bytesSent() + streamedBytes.get();
    }

    /**
     * Asks the target for a page server for iteration {@code n}, opens the page stream to it (a second TLS
     * connection, with the same pinned fingerprint and client certificate) and the loopback port for CRIU.
     */
    private PageRelay openPages(Wire wire, Replies replies, Identity own, String id, int n, String op) throws IOException {
        if (warmUp != null) warmUp.close(); // from here on the CPU belongs to the dump and its stream
        wire.sendNow(new Message.PageServer(n));
        Message m = replies.next(Deadlines.IDLE);
        if (m instanceof Message.Failure fail) throw failure(op, fail);
        if (!(m instanceof Message.PageServerReady ready) || ready.n() != n)
            throw new MigrationException(op, "the target answered the page server request with " + m, null);
        Wire stream = connect(own, op);
        try {
            stream.sendNow(new Message.PageStream(id, n, ready.secret()));
            return PageRelay.start(stream, this::streamed);
        } catch (IOException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * A dump or pre-dump failed while its pages streamed: the target's own report of why comes first (its disk
     * is full, say), then a broken page stream, then CRIU's reason. The source's tasks were resumed either way.
     */
    private static MigrationException streamFailure(String op, CrException e, Replies replies, PageRelay relay, String what) {
        var reported = replies.awaitFailure(java.time.Duration.ofSeconds(relay.failure() != null ? 2 : 1));
        if (reported.isPresent()) {
            MigrationException t = failure(op, reported.get());
            return new MigrationException(op, t.cause() + "; the source workload was resumed and keeps running",
                    t.fix().orElse(null), e.logPath().orElse(null), e.logLines(), e);
        }
        if (relay.failure() != null)
            return new MigrationException(op, "the connection to the target was lost while the pages streamed ("
                    + relay.failure().getMessage() + "); " + what + " and the source workload was resumed and keeps running",
                    "check the target (does it still serve?) and the network, then migrate again",
                    e.logPath().orElse(null), e.logLines(), e);
        return resumed(op, e);
    }

    /**
     * The target runs the workload: lets the checkpointer remove what is left of the source copy, and returns what
     * it left behind on this host, if anything.
     */
    private java.util.Optional<String> moved() {
        try {
            return checkpointer.moved();
        } catch (CrException e) {
            // The workload runs on the target; a stopped source copy left behind is not a failed migration.
            return java.util.Optional.of("the source copy could not be removed: " + e.cause());
        }
    }

    /**
     * The source copy is gone: tells the target to let its copy run, and returns the pid it runs as. When the
     * connection breaks here, connects again and again (for as long as the target holds its copy) to deliver it.
     */
    private long commit(Wire wire, Replies replies, Identity own, String id, String op, Path images) {
        // The target's wait for the verdict began at its Restored, a moment ago: keep 5 s of it in hand.
        long deadline = System.nanoTime() + Deadlines.COMMIT_WAIT.minusSeconds(5).toNanos();
        IOException lost;
        try {
            wire.sendNow(new Message.Commit());
            // Not the whole wait: on a connection that silently stopped carrying packets, a new one must still have
            // time to deliver the commit. A second delivery is harmless (the target takes the first).
            return running(replies.next(FIRST_COMMIT_ANSWER), op, images);
        } catch (IOException e) {
            lost = e;
        }
        while (System.nanoTime() < deadline) {
            try (Wire again = connect(own, op)) {
                again.sendNow(new Message.Resume(id, true));
                return running(again.receive(), op, images);
            } catch (IOException | MigrationException e) {
                if (e instanceof CommitUndelivered c) throw c;
                lost = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (images == null) // post-copy: the source copy is frozen, not killed
            throw new CommitUndelivered(op, "the target restored the workload, but the commit could not reach it (" + lost.getMessage()
                    + "); the target kills its copy when no commit arrives within " + Deadlines.COMMIT_WAIT.toSeconds() + " s of the restore", null, null, lost);
        throw new CommitUndelivered(op, "the target restored the workload and the source copy was killed, but the commit "
                + "could not reach the target (" + lost.getMessage() + "); the target kills its copy when no commit arrives within "
                + Deadlines.COMMIT_WAIT.toSeconds() + " s of the restore",
                "the final images are kept in " + images + ": once the target's log says the copy of migration " + id
                        + " was killed, " + checkpointer.restoreAction() + " here", images, lost);
    }

    private long running(Message m, String op, Path images) {
        if (m instanceof Message.Running r) return r.pid();
        String why = m instanceof Message.Failure f ? f.reason() : "it answered the commit with " + m.getClass().getSimpleName();
        if (images == null) throw new CommitUndelivered(op, "the target's copy does not run: " + why, null, null, null, true);
        throw new CommitUndelivered(op, "the source copy was killed after the target reported the restore, but the target's copy "
                + "does not run: " + why, "the final images are kept in " + images + "; " + checkpointer.restoreAction() + " here",
                images, null);
    }

    /** The commit did not take effect after the source copy was killed: the images on the source are what is left. */
    public static final class CommitUndelivered extends MigrationException {
        /** The final images kept on the source, or null when none are (serialized with the exception). */
        private final Path images;
        /** The target answered that its copy does not run (rather than the answer being lost). */
        final boolean targetRefused;

        CommitUndelivered(String op, String cause, String fix, Path images, Throwable t) {
            this(op, cause, fix, images, t, false);
        }

        CommitUndelivered(String op, String cause, String fix, Path images, Throwable t, boolean targetRefused) {
            super(op, cause, fix, t);
            this.images = images;
            this.targetRefused = targetRefused;
        }

        /**
         * {@return the final images, kept on the source: what the workload can be restored from here; null when the
         * target refused before the source copy was killed}
         */
        public Path images() { return images; }
    }

    private static MigrationException failure(String op, Message.Failure f) {
        String fix = switch (f.kind()) {
            case DISK_FULL -> "free space on the target (or have it serve from a directory on a larger file system) and migrate again";
            case RESTORE_FAILED -> "look at the restore log on the target (it prints its path); the source was resumed";
            case NAME_TAKEN -> "remove or rename the target's container of that name, or have the target serve another lxcpath";
            default -> "look at the target's output";
        };
        return new MigrationException(op, "the target failed (" + f.kind().name().toLowerCase().replace('_', ' ') + "): " + f.reason(), fix);
    }

    /** A send or receive failed: prefer the target's own report of why, when one arrived (or arrives at once). */
    private static MigrationException explain(String op, IOException e, Replies replies, String when) {
        if (e instanceof Replies.TargetFailed t) return failure(op, t.failure);
        var reported = replies.awaitFailure(java.time.Duration.ofSeconds(2));
        if (reported.isPresent()) return failure(op, reported.get());
        return lost(op, e, when);
    }

    private static MigrationException lost(String op, IOException e, String when) {
        String what = e instanceof EOFException || e instanceof SocketException
                ? "the connection to the target was lost " + when
                : e instanceof SocketTimeoutException ? "the target stopped answering " + when
                : "sending failed " + when + ": " + e.getMessage();
        return new MigrationException(op, what, "check the target (does it still serve?) and the network, then migrate again", e);
    }

    /** The dump threw: CRIU resumed the workload. Say so, keeping the reason. */
    private static MigrationException resumed(String op, CrException e) {
        Throwable c = e;
        while (c != null && !(c instanceof MigrationException)) c = c.getCause();
        if (c instanceof MigrationException m && m != e) {
            return new MigrationException(op, m.cause() + "; the source workload was resumed and keeps running",
                    m.fix().orElse(null), e.logPath().orElse(null), e.logLines(), e);
        }
        return new MigrationException(op, e.cause() + "; the source workload keeps running",
                e.fix().orElse(null), e.logPath().orElse(null), e.logLines(), e);
    }

    /** The dump failed, maybe before its post-dump step stopped the tail: stop it before the abort is sent. */
    private static void stopQuietly(DumpTail tail) {
        try {
            tail.stop();
        } catch (IOException e) {
            // the failure being reported is the dump's
        }
    }

    private static void abortQuietly(Wire wire, String why) {
        try {
            wire.sendNow(new Message.Failure(Message.Failure.Kind.ABORTED, why));
        } catch (IOException | RuntimeException ignored) {
            // the connection may be what failed
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
