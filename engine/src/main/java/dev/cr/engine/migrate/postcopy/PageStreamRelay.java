package dev.cr.engine.migrate.postcopy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One side of post-copy's page stream: relays the bytes of a local CRIU socket to the other side over a connection
 * that may break and be replaced, resuming exactly where it stopped (see the package description for why).
 *
 * <p>Every byte read from the local socket is kept until the other side acknowledges it, at most {@code window}
 * bytes (reading from CRIU waits beyond that). On each new connection both sides first say how much they have
 * received, and each resends the rest. The side that {@link #dialing dials} connects again every second; the side
 * that {@link #accepting accepts} is {@link #offer offered} the connections its server takes for this stream. A
 * connection silent for {@link #LINK_TIMEOUT} counts as broken (each side sends an acknowledgement every
 * {@link #HEARTBEAT} at least). Without a working connection for {@code retryFor}, the relay gives up.
 *
 * <p>Giving up, for whatever reason, runs the caller's {@code safeguard} first and only then closes the local socket,
 * with a reset rather than an end of file: CRIU's page server takes an end of file for a finished session and kills
 * the source's tasks, a reset for a failed one. An end of file is passed to the local CRIU only when the other side's
 * local socket ended, and, when {@code requests} is given (the source side), only if the lazy-pages daemon's last
 * request closed its session.
 */
public final class PageStreamRelay implements AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration LINK_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_WINDOW = 32 << 20;
    private static final int CHUNK = 64 << 10;

    private static final int DATA = 1, ACK = 2, RESUME = 3, END = 4;

    /** How the dialing side gets a new connection to the other side, already authenticated by the caller. */
    @FunctionalInterface
    public interface Dialer {
        Socket dial() throws IOException;
    }

    public enum Outcome { COMPLETED, LOST }

    /**
     * @param outcome    completed: both local sockets ended and every byte arrived; lost: the relay gave up
     * @param reason     why it gave up (empty when completed)
     * @param fromLocal  bytes read from the local socket
     * @param toLocal    bytes written to the local socket
     * @param reconnects connections after the first
     */
    public record Result(Outcome outcome, String reason, long fromLocal, long toLocal, int reconnects) {}

    private record Chunk(long offset, byte[] bytes) {
        long end() {
            return offset + bytes.length;
        }
    }

    private final class Link {
        final Socket socket;
        final InputStream in;
        final DataOutputStream out;
        boolean ready;     // the other side's RESUME arrived
        long sentUpTo;     // stream offset sent on this link
        long ackSent = -1;
        long lastSend = System.nanoTime();
        boolean endSent;

        Link(Socket socket, InputStream in) throws IOException {
            this.socket = socket;
            this.in = in;
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), CHUNK + 64));
        }
    }

    private final String name;
    private final Socket local;
    private final Dialer dialer;
    private final Duration retryFor;
    private final Runnable safeguard;
    private final PageServerRequests requests;
    private final int window;
    private final java.util.concurrent.CompletableFuture<Boolean> endPermit;
    private final Object localWrite = new Object();

    // Guarded by this.
    private final ArrayDeque<Chunk> unacked = new ArrayDeque<>();
    private long acked;           // the other side has every byte before this offset
    private long fromLocal;       // bytes read from the local socket
    private boolean localEnded;
    private long received;        // bytes written to the local socket
    private long peerEnd = -1;    // the other side's total, once its local socket ended
    private boolean peerEndPassed;
    private Link link;
    private long lostSince = System.nanoTime();
    private long lastDial;
    private int connections;
    private boolean endWentOut;   // our END was written (on the current connection or an earlier one)
    private long ackWentOut = -1; // the last acknowledgement written
    private boolean over;         // given up or completed: every thread stops
    private Result result;        // published once the safeguard ran and the local socket was closed

    private PageStreamRelay(String name, Socket local, Dialer dialer, Duration retryFor, Runnable safeguard,
                            PageServerRequests requests, int window, java.util.concurrent.CompletableFuture<Boolean> endPermit) {
        this.endPermit = endPermit;
        this.name = name;
        this.local = local;
        this.dialer = dialer;
        this.retryFor = retryFor;
        this.safeguard = safeguard;
        this.requests = requests;
        this.window = window;
        try {
            // CRIU sets TCP_NODELAY on its own end; small requests must not wait for delayed acknowledgements here either.
            local.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // not a TCP socket: nothing to set
        }
    }

    /**
     * The side that connects to the other (the source). {@code requests}, when not null, follows what the other
     * side's CRIU asks, and an end of file reaches {@code local} only after a proper close (see
     * {@link PageServerRequests}).
     */
    public static PageStreamRelay dialing(String name, Socket local, Dialer dialer, Duration retryFor, Runnable safeguard,
                                          PageServerRequests requests) {
        return new PageStreamRelay(name, local, dialer, retryFor, safeguard, requests, DEFAULT_WINDOW, null).start();
    }

    /**
     * As {@link #dialing(String, Socket, Dialer, Duration, Runnable, PageServerRequests)}; the other side's end of
     * file, even after a proper close, reaches {@code local} only once {@code endPermit} completes with true (the
     * caller knows the other side's copy runs): with false the relay gives up instead. On the source this keeps
     * CRIU from killing the source's tasks when the target's daemon ends its session because its restore failed.
     */
    public static PageStreamRelay dialing(String name, Socket local, Dialer dialer, Duration retryFor, Runnable safeguard,
                                          PageServerRequests requests, java.util.concurrent.CompletableFuture<Boolean> endPermit) {
        return new PageStreamRelay(name, local, dialer, retryFor, safeguard, requests, DEFAULT_WINDOW, endPermit).start();
    }

    /** The side that is offered connections by its server (the target). */
    public static PageStreamRelay accepting(String name, Socket local, Duration retryFor, Runnable safeguard) {
        return new PageStreamRelay(name, local, null, retryFor, safeguard, null, DEFAULT_WINDOW, null).start();
    }

    static PageStreamRelay withWindow(String name, Socket local, Dialer dialer, Duration retryFor, Runnable safeguard,
                                      PageServerRequests requests, int window) {
        return new PageStreamRelay(name, local, dialer, retryFor, safeguard, requests, window, null).start();
    }

    private PageStreamRelay start() {
        thread("local-reader", this::readLocal);
        thread("writer", this::writeLinks);
        thread("supervisor", this::supervise);
        return this;
    }

    private void thread(String what, Runnable body) {
        Thread t = new Thread(body, "page-stream " + name + " " + what);
        t.setDaemon(true);
        t.start();
    }

    /** A new connection from the other side for this stream (the accepting side); it replaces the current one. */
    public void offer(Socket socket) {
        attach(socket, null);
    }

    /**
     * As {@link #offer(Socket)}, reading from {@code in}: the socket's input past the frame that opened it, which
     * the caller's reader may already have buffered.
     */
    public void offer(Socket socket, InputStream in) {
        attach(socket, in);
    }

    /** Bytes read from the local socket so far, and bytes written to it: for progress. */
    public synchronized long[] bytes() {
        return new long[] {fromLocal, received};
    }

    /** Gives up now (the migration failed elsewhere): the safeguard runs, then the local socket is reset. */
    public void abort(String reason) {
        giveUp(reason);
    }

    /** The result once the relay is over, waiting at most {@code wait}. */
    public Optional<Result> awaitResult(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (result == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return Optional.empty();
                wait(Math.max(1, left / 1_000_000));
            }
            return Optional.of(result);
        }
    }

    @Override
    public void close() {
        giveUp("the relay was closed");
    }

    private void readLocal() {
        byte[] buf = new byte[CHUNK];
        try {
            InputStream in = local.getInputStream();
            while (true) {
                synchronized (this) {
                    while (!over && fromLocal - acked >= window) wait();
                    if (over) return;
                }
                int n = in.read(buf);
                synchronized (this) {
                    if (n < 0) {
                        localEnded = true;
                        notifyAll();
                        return;
                    }
                    byte[] copy = java.util.Arrays.copyOf(buf, n);
                    unacked.add(new Chunk(fromLocal, copy));
                    fromLocal += n;
                    notifyAll();
                }
            }
        } catch (IOException e) {
            giveUp("the local CRIU connection failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is due on the current connection: resent and new bytes, acknowledgements, the end. */
    private void writeLinks() {
        try {
            while (true) {
                Link l;
                Chunk part = null;
                long partFrom = 0;
                long ack = -1;
                boolean end = false;
                long endAt = 0;
                synchronized (this) {
                    while (true) {
                        if (over) return;
                        l = link;
                        if (l != null && l.ready) {
                            part = chunkAt(l.sentUpTo);
                            if (part != null) partFrom = l.sentUpTo;
                            boolean heartbeat = System.nanoTime() - l.lastSend > HEARTBEAT.toNanos();
                            if (l.ackSent != received || heartbeat) ack = received;
                            end = part == null && localEnded && !l.endSent && l.sentUpTo == fromLocal;
                            endAt = fromLocal;
                            if (part != null || end || l.ackSent != received) break;
                            // Nothing due but maybe a heartbeat: the end of the relay comes first.
                            if (completed()) {
                                finish();
                                return;
                            }
                            if (ack >= 0) break;
                        }
                        wait(HEARTBEAT.toMillis() / 4);
                    }
                }
                try {
                    if (ack >= 0) frame(l.out, ACK, ack);
                    if (part != null) {
                        int skip = (int) (partFrom - part.offset());
                        int len = part.bytes().length - skip;
                        l.out.writeByte(DATA);
                        l.out.writeInt(8 + len);
                        l.out.writeLong(partFrom);
                        l.out.write(part.bytes(), skip, len);
                    }
                    if (end) frame(l.out, END, endAt);
                    boolean more;
                    synchronized (this) {
                        if (ack >= 0) l.ackSent = ackWentOut = ack;
                        if (part != null) l.sentUpTo = part.end();
                        if (end) l.endSent = endWentOut = true;
                        l.lastSend = System.nanoTime();
                        more = link == l && chunkAt(l.sentUpTo) != null;
                    }
                    if (!more) l.out.flush();
                } catch (IOException e) {
                    broken(l, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void frame(DataOutputStream out, int type, long value) throws IOException {
        out.writeByte(type);
        out.writeInt(8);
        out.writeLong(value);
    }

    /** The kept chunk holding stream offset {@code at}, or null when nothing from there is kept yet. */
    private Chunk chunkAt(long at) {
        for (Chunk c : unacked) if (c.offset() <= at && at < c.end()) return c;
        return null;
    }

    /**
     * Both local sockets ended, every byte of ours was acknowledged, and our end and an acknowledgement of every byte
     * we received went out (the other side completes on them).
     */
    private boolean completed() {
        return localEnded && peerEndPassed && acked == fromLocal && endWentOut && ackWentOut == received;
    }

    private void finish() {
        over = true;
        result = new Result(Outcome.COMPLETED, "", fromLocal, received, Math.max(0, connections - 1));
        notifyAll();
        Link l = link;
        link = null;
        if (l == null) {
            closeQuietly(local);
            return;
        }
        // The other side may still wait for our last acknowledgement: flushed above; close gently after it.
        thread("closer", () -> {
            try {
                l.out.flush();
                l.socket.shutdownOutput();
                l.socket.setSoTimeout(2000);
                while (l.socket.getInputStream().read() >= 0) { /* until the other side closes too */ }
            } catch (IOException ignored) {
                // it went first
            }
            closeQuietly(l.socket);
            closeQuietly(local);
        });
    }

    /** Reads one connection: the other side's RESUME, then data, acknowledgements and its end. */
    private void readLink(Link l) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(l.in, CHUNK + 64));
            byte[] buf = new byte[CHUNK];
            boolean first = true;
            while (true) {
                int type = in.read();
                if (type < 0) throw new EOFException("the other side closed the connection");
                int length = in.readInt();
                if (length < 8 || length > 8 + CHUNK) throw new ProtocolViolation("a frame of " + length + " bytes");
                long value = in.readLong();
                if (first != (type == RESUME)) throw new ProtocolViolation("RESUME must open a connection, and only open it");
                first = false;
                switch (type) {
                    case RESUME -> resumed(l, value);
                    case ACK -> acknowledged(value);
                    case DATA -> {
                        int len = length - 8;
                        in.readFully(buf, 0, len);
                        deliver(value, buf, len);
                    }
                    case END -> peerEnded(value);
                    default -> throw new ProtocolViolation("unknown frame type " + type);
                }
            }
        } catch (ProtocolViolation e) {
            giveUp("the other side broke the page stream's protocol: " + e.getMessage());
        } catch (IOException e) {
            broken(l, e);
        }
    }

    private static final class ProtocolViolation extends IOException {
        ProtocolViolation(String what) {
            super(what);
        }
    }

    private synchronized void resumed(Link l, long peerReceived) throws ProtocolViolation {
        if (peerReceived < acked || peerReceived > fromLocal)
            throw new ProtocolViolation("it has " + peerReceived + " bytes, we kept " + acked + " to " + fromLocal);
        acknowledge(peerReceived);
        l.sentUpTo = peerReceived;
        l.ready = true;
        connections++; // counted once it works: attempts the other side never answered are not reconnections
        lostSince = 0;
        notifyAll();
    }

    private synchronized void acknowledged(long upTo) throws ProtocolViolation {
        if (upTo < acked || upTo > fromLocal) throw new ProtocolViolation("an acknowledgement of " + upTo + " bytes");
        acknowledge(upTo);
    }

    private void acknowledge(long upTo) {
        acked = upTo;
        while (!unacked.isEmpty() && unacked.peekFirst().end() <= upTo) unacked.removeFirst();
        notifyAll();
    }

    /** Writes the part of a DATA frame not yet delivered (a resent frame may repeat bytes) to the local socket. */
    private void deliver(long offset, byte[] buf, int len) throws IOException {
        synchronized (localWrite) {
            long have;
            synchronized (this) {
                if (over) return;
                have = received;
                if (peerEnd >= 0) throw new ProtocolViolation("data after the end");
            }
            if (offset > have) throw new ProtocolViolation("data at " + offset + " while " + have + " bytes arrived");
            long skip = have - offset;
            if (skip >= len) return;
            int from = (int) skip;
            if (requests != null) requests.accept(buf, from, len - from);
            try {
                local.getOutputStream().write(buf, from, len - from);
            } catch (IOException e) {
                giveUp("the local CRIU connection failed: " + e.getMessage());
                return;
            }
            synchronized (this) {
                received += len - from;
                notifyAll();
            }
        }
    }

    private void peerEnded(long total) throws IOException {
        synchronized (localWrite) {
            synchronized (this) {
                if (peerEndPassed || over) return;
                if (total != received) throw new ProtocolViolation("an end at " + total + " while " + received + " bytes arrived");
                peerEnd = total;
            }
            if (requests != null && !requests.closedProperly()) {
                giveUp("the other side's CRIU ended its connection without closing its session (after "
                        + requests.requests() + " requests)");
                return;
            }
            if (endPermit != null && !endPermit.join()) {
                giveUp("the other side's CRIU ended its session, but its copy was not confirmed running");
                return;
            }
            try {
                local.shutdownOutput();
            } catch (IOException e) {
                giveUp("the local CRIU connection failed: " + e.getMessage());
                return;
            }
            synchronized (this) {
                peerEndPassed = true;
                notifyAll();
            }
        }
    }

    private void attach(Socket socket, InputStream input) {
        Link l;
        Link old;
        try {
            socket.setSoTimeout((int) LINK_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            l = new Link(socket, input == null ? socket.getInputStream() : input);
        } catch (IOException e) {
            closeQuietly(socket);
            return;
        }
        synchronized (this) {
            if (over) {
                closeQuietly(socket);
                return;
            }
            old = link;
            link = l;
            try {
                // Received so far, before anything else: the other side resends from there.
                frame(l.out, RESUME, received);
                l.out.flush();
                l.ackSent = ackWentOut = received;
            } catch (IOException e) {
                link = null;
                if (lostSince == 0) lostSince = System.nanoTime();
                closeQuietly(socket);
                if (old != null) closeQuietly(old.socket);
                return;
            }
            notifyAll();
        }
        if (old != null) closeQuietly(old.socket);
        thread("link", () -> readLink(l));
    }

    private void broken(Link l, IOException why) {
        synchronized (this) {
            if (link != l || over) return;
            if (completed()) {
                // The other side closed after our last acknowledgement and end went out: that is the end.
                finish();
                return;
            }
            link = null;
            // Only a connection that worked restarts the clock: attempts that never resumed do not buy more time.
            if (lostSince == 0) lostSince = System.nanoTime();
            notifyAll();
        }
        closeQuietly(l.socket);
    }

    /** Connects again when the connection is gone (dialing side) and gives up after {@code retryFor} without one. */
    private void supervise() {
        try {
            while (true) {
                String lost = null;
                synchronized (this) {
                    if (over) return;
                    boolean dial = false;
                    if (link == null) {
                        long now = System.nanoTime();
                        if (now - lostSince > retryFor.toNanos()) {
                            lost = "no working connection to the other side for " + retryFor.toSeconds() + " s";
                        } else if (dialer != null && now - lastDial >= 1_000_000_000L) {
                            lastDial = now;
                            dial = true;
                        }
                    }
                    if (lost == null && !dial) {
                        wait(100);
                        continue;
                    }
                }
                if (lost != null) {
                    giveUp(lost);
                    return;
                }
                try {
                    attach(dialer.dial(), null);
                } catch (IOException e) {
                    // again in a second, within retryFor
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Over: the safeguard first, then the local socket reset (never a clean end of file) and the connection closed. */
    private void giveUp(String reason) {
        Link l;
        Result lost;
        synchronized (this) {
            if (over) return;
            over = true;
            lost = new Result(Outcome.LOST, reason, fromLocal, received, Math.max(0, connections - 1));
            l = link;
            link = null;
            notifyAll();
        }
        try {
            safeguard.run();
        } catch (RuntimeException e) {
            // the local socket must still be reset
        }
        try {
            local.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing it anyway
        }
        closeQuietly(local);
        if (l != null) closeQuietly(l.socket);
        synchronized (this) {
            result = lost;
            notifyAll();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
