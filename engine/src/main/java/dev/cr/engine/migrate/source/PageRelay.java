package dev.cr.engine.migrate.source;

import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.trust.LoopbackPeer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source's end of a page stream: a loopback port for CRIU's dump ({@code --page-server --address 127.0.0.1
 * --port P}) whose bytes go over cr's own TLS connection to the target's page server, and its answers back. The
 * pages thus leave while CRIU dumps them and never touch the source's disk. Only a connection that a CRIU started
 * by this JVM holds is relayed (see {@link LoopbackPeer}); another local process that connects is dropped.
 *
 * <p>The stream ends when the target's page server, having written everything and acknowledged CRIU's last flush,
 * exits and the target closes the connection; {@link #finish(Duration)} waits for that.
 */
final class PageRelay implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final Wire stream;
    private final ServerSocket local;
    private final Thread up;
    private final AtomicLong bytes = new AtomicLong();
    private volatile Socket criu;
    private volatile IOException failure;
    private volatile boolean downDone;
    private volatile boolean closing;
    private volatile boolean upDone;
    private Thread down;

    private final java.util.function.LongConsumer counted;

    private PageRelay(Wire stream, ServerSocket local, java.util.function.LongConsumer counted) {
        this.stream = stream;
        this.counted = counted;
        this.local = local;
        this.up = Thread.ofPlatform().daemon().name("cr-migrate-pages").unstarted(this::run);
    }

    /**
     * Listens on a loopback port for the dump; {@code stream} is the authenticated connection, after its
     * PageStream. {@code counted} hears of every piece sent (for progress).
     */
    static PageRelay start(Wire stream, java.util.function.LongConsumer counted) throws IOException {
        ServerSocket s = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        PageRelay r = new PageRelay(stream, s, counted);
        r.up.start();
        return r;
    }

    /** The port to give CRIU's dump as its page server. */
    int port() {
        return local.getLocalPort();
    }

    /** Bytes of CRIU's page-server protocol (nearly all of it page contents) sent to the target so far. */
    long bytes() {
        return bytes.get();
    }

    private void run() {
        Socket c = null;
        try {
            c = acceptCriu();
            criu = c;
            local.close();
            c.setTcpNoDelay(true);
            Socket dump = c;
            down = Thread.ofPlatform().daemon().name("cr-migrate-pages-acks").start(() -> relayAnswers(dump));
            pump(c.getInputStream(), stream.rawOutput(), n -> {
                bytes.addAndGet(n);
                counted.accept(n);
            });
            upDone = true;
            // CRIU closed its end after the page server acknowledged the last flush. The page server waits for
            // that end too before it exits; then the target closes the stream.
            stream.shutdownOutput();
        } catch (IOException e) {
            if (failure == null && !closing) failure = e;
            stream.close(); // the target's page server stops
            if (c != null) closeQuietly(c); // and the dump's writes fail, so CRIU resumes the tasks
        }
    }

    /** The page server's answers, back to CRIU, until the target ends the stream. */
    private void relayAnswers(Socket dump) {
        try {
            pump(stream.rawInput(), dump.getOutputStream(), null);
            // The target ended the stream. Normally CRIU has had its last answer and closes its end at once; if it
            // is still sending after a moment, the target stopped early (its page server failed).
            long until = System.nanoTime() + 2_000_000_000L;
            while (!upDone && System.nanoTime() < until) Thread.sleep(5);
            if (!upDone && failure == null && !closing)
                failure = new java.io.EOFException("the target ended the page stream before CRIU had sent every page");
        } catch (IOException e) {
            if (failure == null && !closing && !upDone) failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            downDone = true;
            if (!upDone) closeQuietly(dump);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** The dump's connection: the first one that a process started by this JVM holds. */
    private Socket acceptCriu() throws IOException {
        while (true) {
            Socket c = local.accept();
            if (LoopbackPeer.otherEndHeldBy(c, List.of(ProcessHandle.current()))) return c;
            c.close(); // not our CRIU: none of its bytes goes anywhere
        }
    }

    private static void pump(InputStream in, OutputStream out, java.util.function.LongConsumer count) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            out.flush();
            if (count != null) count.accept(n);
        }
    }

    /**
     * Waits until the target ended the stream (its page server finished); throws when the relay failed or the
     * target did not end it within {@code timeout}.
     */
    void finish(Duration timeout) throws IOException {
        try {
            up.join(timeout);
            Thread d = down;
            if (d != null) d.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the pages were sent");
        }
        if (failure != null) throw failure;
        if (criu == null) throw new IOException("CRIU never connected to the page stream");
        if (!downDone || up.isAlive()) throw new SocketTimeoutException("the target's page server did not finish in " + timeout.toSeconds() + " s");
    }

    /** The relay's failure, if it failed (the connection to the target broke while the pages streamed). */
    IOException failure() {
        return failure;
    }

    @Override
    public void close() {
        closing = true;
        try {
            local.close();
        } catch (IOException ignored) {
            // closing
        }
        Socket c = criu;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        stream.close();
    }
}
