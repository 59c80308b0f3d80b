package dev.cr.engine.migrate.postcopy;

import dev.cr.engine.migrate.postcopy.PageStreamRelay.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page stream relay between two stand-ins for CRIU that speak the page server's request format (a page server
 * answering PS_IOV_GET with pages, a lazy-pages daemon asking for them and closing), over real loopback sockets and a
 * proxy in between that the tests cut. The stand-ins are not CRIU (no host here runs CRIU's lazy page server: see
 * docs/migrate.md); what they check is what CRIU would see: every byte exactly once, in order, and how its
 * connection ends.
 */
class PageStreamRelayTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void everyPageArrivesOnceAndTheSessionEndsCleanlyOnBothSides() throws Exception {
        Setup s = new Setup(Duration.ofSeconds(10));
        FakeDaemon d = s.daemon(256, 16, -1, null);
        d.join();
        assertEquals(Outcome.COMPLETED, s.source.awaitResult(Duration.ofSeconds(10)).orElseThrow().outcome());
        assertEquals(Outcome.COMPLETED, s.target.awaitResult(Duration.ofSeconds(10)).orElseThrow().outcome());
        assertArrayEquals(s.server.digest(), d.digest(), "the daemon got exactly the bytes the page server sent");
        s.server.join();
        assertTrue(s.server.sawEndOfFile && !s.server.sawReset, "the page server saw a clean end, after the close");
        assertFalse(s.sourceSafeguard.get() || s.targetSafeguard.get(), "no safeguard on success");
    }

    @Test
    void cutsInTheMiddleOfTransfersAreResumedByteForByte() throws Exception {
        Setup s = new Setup(Duration.ofSeconds(15));
        // 256 requests of 16 pages: cut the connection right after requests 40, 100 and 200 were sent.
        FakeDaemon d = s.daemon(256, 16, -1, i -> { if (i == 40 || i == 100 || i == 200) s.proxy.cut(); });
        d.join();
        var src = s.source.awaitResult(Duration.ofSeconds(15)).orElseThrow();
        var tgt = s.target.awaitResult(Duration.ofSeconds(15)).orElseThrow();
        assertEquals(Outcome.COMPLETED, src.outcome(), src.reason());
        assertEquals(Outcome.COMPLETED, tgt.outcome(), tgt.reason());
        assertTrue(src.reconnects() >= 3 && tgt.reconnects() >= 3, "reconnects: " + src.reconnects() + " and " + tgt.reconnects()
                + ", cuts: " + s.proxy.cuts);
        assertArrayEquals(s.server.digest(), d.digest(), "the daemon got exactly the bytes the page server sent");
        assertEquals(256L * 16 * 4096 + 4, tgt.toLocal(), "pages and the close's status, no byte twice");
        s.server.join();
        assertTrue(s.server.sawEndOfFile && !s.server.sawReset);
    }

    @Test
    void aConnectionDownLongerThanTheRetryRunsBothSafeguardsBeforeCriuSeesAReset() throws Exception {
        Setup s = new Setup(Duration.ofSeconds(2));
        FakeDaemon d = s.daemon(256, 16, -1, i -> { if (i == 50) { s.proxy.down = true; s.proxy.cut(); } });
        var src = s.source.awaitResult(Duration.ofSeconds(10)).orElseThrow();
        var tgt = s.target.awaitResult(Duration.ofSeconds(10)).orElseThrow();
        assertEquals(Outcome.LOST, src.outcome());
        assertEquals(Outcome.LOST, tgt.outcome());
        assertTrue(src.reason().contains("no working connection"), src.reason());
        s.server.join();
        d.join();
        assertTrue(s.server.sawReset && !s.server.sawEndOfFile,
                "CRIU's page server must see a reset (transfer failed: source resumed), never an end of file (taken as done: source killed)");
        assertTrue(s.server.safeguardBeforeEnd, "the source was held before its CRIU could resume it");
        assertTrue(d.safeguardBeforeEnd, "the target's copy was killed before its lazy-pages daemon lost the connection");
    }

    @Test
    void aDaemonThatDiesWithoutClosingItsSessionNeverEndsTheSourcesCriuCleanly() throws Exception {
        Setup s = new Setup(Duration.ofSeconds(3));
        FakeDaemon d = s.daemon(256, 16, 30, null); // closes its socket after 30 requests, without PS_IOV_CLOSE
        d.join();
        var src = s.source.awaitResult(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(Outcome.LOST, src.outcome());
        assertTrue(src.reason().contains("without closing its session"), src.reason());
        s.server.join();
        assertTrue(s.server.sawReset && !s.server.sawEndOfFile, "a clean end here would make CRIU kill the source");
        assertTrue(s.server.safeguardBeforeEnd);
    }

    @Test
    void aPeerThatSendsDataOutOfOrderOrHugeFramesIsCutOffWithTheSafeguard() throws Exception {
        for (int variant = 0; variant < 3; variant++) {
            Socket[] criu = pair();
            Socket[] link = pair();
            AtomicBoolean guard = new AtomicBoolean();
            PageStreamRelay r = PageStreamRelay.accepting("hostile", criu[0], Duration.ofSeconds(30), () -> guard.set(true));
            closing.add(r);
            r.offer(link[0]);
            DataOutputStream out = new DataOutputStream(link[1].getOutputStream());
            switch (variant) {
                case 0 -> { out.writeByte(3); out.writeInt(8); out.writeLong(0); // RESUME(0)
                    out.writeByte(1); out.writeInt(18); out.writeLong(100); out.write(new byte[10]); } // DATA at 100: a gap
                case 1 -> { out.writeByte(3); out.writeInt(8); out.writeLong(0);
                    out.writeByte(1); out.writeInt(100 << 20); out.writeLong(0); }                   // a 100 MiB frame
                default -> { out.writeByte(1); out.writeInt(18); out.writeLong(0); out.write(new byte[10]); } // no RESUME first
            }
            out.flush();
            var res = r.awaitResult(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(Outcome.LOST, res.outcome(), "variant " + variant);
            assertTrue(res.reason().contains("protocol"), res.reason());
            assertTrue(guard.get(), "variant " + variant + ": the safeguard ran");
            assertEquals(0, res.toLocal(), "nothing of it reached CRIU");
        }
    }

    // ---- the stand-ins and the wiring ----

    private final class Setup {
        final Proxy proxy;
        final PageStreamRelay source;
        final PageStreamRelay target;
        final FakePageServer server;
        final Socket daemonEnd;
        final AtomicBoolean sourceSafeguard = new AtomicBoolean();
        final AtomicBoolean targetSafeguard = new AtomicBoolean();

        Setup(Duration retry) throws Exception {
            ServerSocket links = new ServerSocket(0, 50, LO);
            closing.add(links);
            proxy = new Proxy(links.getLocalPort());
            closing.add(proxy);
            Socket[] srcCriu = pair();
            Socket[] tgtCriu = pair();
            daemonEnd = tgtCriu[1];
            server = new FakePageServer(srcCriu[1], sourceSafeguard);
            target = PageStreamRelay.accepting("target", tgtCriu[0], retry, () -> targetSafeguard.set(true));
            closing.add(target);
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) target.offer(links.accept());
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            source = PageStreamRelay.dialing("source", srcCriu[0], () -> {
                Socket sk = new Socket();
                sk.connect(new java.net.InetSocketAddress(LO, proxy.port()), 1000);
                return sk;
            }, retry, () -> sourceSafeguard.set(true), new PageServerRequests());
            closing.add(source);
        }

        FakeDaemon daemon(int requests, int pages, int dieAfter, java.util.function.IntConsumer afterSend) {
            return new FakeDaemon(daemonEnd, requests, pages, dieAfter, afterSend, targetSafeguard);
        }
    }

    private static byte[] request(int cmd, long pages, long vaddr) {
        return ByteBuffer.allocate(PageServerRequests.REQUEST_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(cmd).putInt(0).putLong(pages).putLong(vaddr).putLong(1).array();
    }

    /** The source's CRIU, serving pages: answers each GET with deterministic bytes, each close with a status. */
    private static final class FakePageServer extends Thread {
        private final Socket sk;
        private final AtomicBoolean safeguard;
        private final MessageDigest sent = sha();
        volatile boolean sawEndOfFile, sawReset, safeguardBeforeEnd;

        FakePageServer(Socket sk, AtomicBoolean safeguard) {
            this.sk = sk;
            this.safeguard = safeguard;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            Random pages = new Random(42);
            byte[] req = new byte[PageServerRequests.REQUEST_BYTES];
            try (sk) {
                DataInputStream in = new DataInputStream(sk.getInputStream());
                OutputStream out = sk.getOutputStream();
                while (true) {
                    int n = in.read(req, 0, 1);
                    if (n < 0) { ended(false); return; }
                    in.readFully(req, 1, req.length - 1);
                    ByteBuffer b = ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN);
                    int cmd = b.getInt(0);
                    if (cmd == PageServerRequests.PS_IOV_GET) {
                        byte[] data = new byte[(int) b.getLong(8) * 4096];
                        pages.nextBytes(data);
                        sent.update(data);
                        out.write(data);
                    } else {
                        byte[] status = {0, 0, 0, 0};
                        sent.update(status);
                        out.write(status);
                    }
                }
            } catch (SocketException e) {
                ended(true);
            } catch (IOException e) {
                ended(true);
            }
        }

        private void ended(boolean reset) {
            safeguardBeforeEnd = safeguard.get();
            if (reset) sawReset = true; else sawEndOfFile = true;
        }

        byte[] digest() throws Exception {
            join(10_000);
            return sent.digest();
        }
    }

    /** The target's lazy-pages daemon: asks for pages, reads them, closes its session (or dies without closing). */
    private static final class FakeDaemon extends Thread {
        private final Socket sk;
        private final int requests, pages, dieAfter;
        private final java.util.function.IntConsumer afterSend;
        private final AtomicBoolean safeguard;
        private final MessageDigest got = sha();
        volatile boolean safeguardBeforeEnd;

        FakeDaemon(Socket sk, int requests, int pages, int dieAfter, java.util.function.IntConsumer afterSend,
                   AtomicBoolean safeguard) {
            this.sk = sk;
            this.requests = requests;
            this.pages = pages;
            this.dieAfter = dieAfter;
            this.afterSend = afterSend;
            this.safeguard = safeguard;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buf = new byte[pages * 4096];
            try (sk) {
                DataInputStream in = new DataInputStream(sk.getInputStream());
                OutputStream out = sk.getOutputStream();
                for (int i = 0; i < requests; i++) {
                    if (i == dieAfter) return; // closes its socket without PS_IOV_CLOSE
                    out.write(request(PageServerRequests.PS_IOV_GET, pages, 0x7f0000000000L + (long) i * buf.length));
                    out.flush();
                    if (afterSend != null) afterSend.accept(i);
                    in.readFully(buf);
                    got.update(buf);
                }
                out.write(request(PageServerRequests.PS_IOV_CLOSE, 0, 0));
                out.flush();
                byte[] status = new byte[4];
                in.readFully(status);
                got.update(status);
            } catch (IOException e) {
                safeguardBeforeEnd = safeguard.get();
            }
        }

        byte[] digest() throws Exception {
            join(10_000);
            return got.digest();
        }
    }

    /** A TCP proxy for the relay's connection that the tests cut, or keep down. */
    private static final class Proxy implements AutoCloseable {
        private final ServerSocket server;
        private final int to;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        volatile boolean down;

        Proxy(int to) throws IOException {
            this.to = to;
            server = new ServerSocket(0, 50, LO);
            Thread t = new Thread(this::accept);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket a = server.accept();
                    if (down) { a.close(); continue; }
                    Socket b = new Socket(LO, to);
                    a.setTcpNoDelay(true);
                    b.setTcpNoDelay(true);
                    open.add(a);
                    open.add(b);
                    pump(a, b);
                    pump(b, a);
                }
            } catch (IOException e) {
                // closed
            }
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    byte[] buf = new byte[16 << 10];
                    int n;
                    while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
                } catch (IOException ignored) {
                    // cut
                }
                try { from.close(); to.close(); } catch (IOException ignored) { /* cut */ }
            });
            t.setDaemon(true);
            t.start();
        }

        volatile int cuts;

        /** Resets every connection it carries: both relays see their connection break. */
        void cut() {
            cuts++;
            // One by one, not clear(): a connection accepted meanwhile must stay in the list, open, for the next cut.
            for (Socket s : open) {
                try {
                    s.setSoLinger(true, 0);
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
                open.remove(s);
            }
        }

        @Override
        public void close() throws IOException {
            cut();
            server.close();
        }
    }

    private static Socket[] pair() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, LO)) {
            Socket a = new Socket(LO, ss.getLocalPort());
            Socket b = ss.accept();
            a.setTcpNoDelay(true);
            b.setTcpNoDelay(true); // as CRIU does on its sockets
            return new Socket[] {a, b};
        }
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
