package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Deadlines;
import dev.cr.engine.migrate.protocol.FrameType;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.target.Restorer;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;
import dev.cr.engine.migrate.trust.Tls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Peers of {@code cr serve} that are not (or not all the way) what they claim, over real TLS 1.3 on loopback:
 * a peer without a token that announces a huge first frame, trickles its bytes, or opens connection after
 * connection; and a trusted source that tries to give the verdict on another source's migration. Threat model:
 * docs/security.md. No workload is touched: the restorer here only reports a made-up pid and says so.
 */
class HostilePeerTest {
    @TempDir
    static Path identities;

    @TempDir
    Path tmp;

    private MigrationTarget target;
    private ServeState state;
    private final List<String> log = new CopyOnWriteArrayList<>();
    /** Completes with true when the fake restored tree was let run (a commit), false when it was killed. */
    private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

    /** Reports pid 4242 as restored, waits for the verdict like the real one, restores nothing. */
    private final Restorer madeUpRestorer = (images, beforeRunning) -> {
        try {
            beforeRunning.decide(4242);
            outcome.complete(true);
            return 4242;
        } catch (Exception e) {
            outcome.complete(false);
            throw new dev.cr.engine.CrException("made-up restore", "not committed: " + e.getMessage(), null, null, null, e);
        }
    };

    @BeforeEach
    void start() {
        state = new ServeState(tmp.resolve("serve"));
        target = MigrationTarget.start(state, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), madeUpRestorer,
                log::add, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (target != null) target.close();
    }

    private static synchronized Identity identity(String name) {
        return Identity.loadOrCreate(identities.resolve(name), name);
    }

    /** A TLS connection to the target with {@code who}'s certificate, optionally from a given local address. */
    private SSLSocket tls(Identity who) throws IOException {
        SSLSocket s = (SSLSocket) Tls.client(who, target.fingerprint(), "test").getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), target.address().getPort());
        Tls.restrict(s);
        s.setSoTimeout(30_000);
        s.startHandshake();
        return s;
    }

    /** Whether the target closed {@code in} within {@code seconds} (a read sees the end or a reset). */
    private static boolean closedWithin(Socket s, InputStream in, int seconds) throws IOException {
        s.setSoTimeout(seconds * 1000);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset, or a TLS close: the target hung up
        }
    }

    /** Finding 4: the first frame is read before any trust decision; its announced length was allocated up front. */
    @Test
    void aFirstFrameLargerThanAHelloIsRefusedBeforeItIsRead() throws Exception {
        try (SSLSocket s = tls(identity("stranger"))) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeByte(FrameType.HELLO.code);
            out.writeInt(Wire.MAX_FRAME - 1);
            out.flush();
            assertTrue(closedWithin(s, s.getInputStream(), 5),
                    "the target hangs up on a 4 MiB first frame at once instead of waiting for it; log: " + log);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("refused") && l.contains("before trust")), "logged: " + log);
    }

    /** Finding 4: a peer without a token that trickles its hello is cut off at the handshake deadline. */
    @Test
    void aPeerThatTricklesItsHelloIsCutOffAtTheHandshakeDeadline() throws Exception {
        try (SSLSocket s = tls(identity("stranger"))) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeByte(FrameType.HELLO.code);
            out.writeInt(200);
            out.flush();
            long t0 = System.nanoTime();
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return closedWithin(s, s.getInputStream(), (int) Deadlines.HANDSHAKE.toSeconds() + 8);
                } catch (IOException e) {
                    return true;
                }
            });
            // one byte every half second: each read of the target succeeds well within any read timeout
            for (int i = 0; i < 199 && !closed.isDone(); i++) {
                try {
                    out.writeByte('x');
                    out.flush();
                } catch (IOException hungUp) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(closed.get(30, TimeUnit.SECONDS), "the target hung up on the trickling peer; log: " + log);
            long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(took <= Deadlines.HANDSHAKE.toSeconds() + 8, "within the handshake deadline: " + took + " s");
        }
    }

    /**
     * Finding 4: connections that never say anything, from one address, are capped; meanwhile a source with a token
     * from another address is served.
     */
    @Test
    void idleConnectionsFromOneAddressAreCappedAndARealSourceIsStillServed() throws Exception {
        InetAddress noisy = InetAddress.getByName("127.0.0.3");
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(noisy, 0));
                s.connect(target.address());
                idle.add(s);
            }
            int closed = 0;
            for (Socket s : idle) if (closedWithin(s, s.getInputStream(), 1)) closed++;
            assertTrue(closed >= 60 - 16, "connections past the per-address cap are closed at once: " + closed + " of 60");

            String token = state.tokens().create(Duration.ofMinutes(5));
            try (SSLSocket s = tls(identity("real-source"))) {
                Wire wire = new Wire(s.getInputStream(), s.getOutputStream(), s);
                wire.sendNow(new Message.Hello(Message.VERSION, token, "pid 1", ""));
                assertInstanceOf(Message.Accepted.class, wire.receive(), "the real source is admitted; log: " + log);
            }
        } finally {
            for (Socket s : idle) s.close();
        }
    }

    /** Finding 6: a Resume (the verdict on a new connection) counts only from the certificate that started it. */
    @Test
    void onlyTheSourceThatStartedAMigrationMayGiveItsVerdict() throws Exception {
        Identity owner = identity("owner");
        Identity other = identity("other-trusted-source");
        state.trusted().add(owner.certificate());
        state.trusted().add(other.certificate());
        try (SSLSocket s = tls(owner)) {
            Wire wire = new Wire(s.getInputStream(), s.getOutputStream(), s);
            wire.sendNow(new Message.Hello(Message.VERSION, "", "pid 1", ""));
            String id = assertInstanceOf(Message.Accepted.class, wire.receive()).migrationId();
            wire.send(new Message.File("inventory.img", 0, 0644));
            wire.send(new Message.FileEnd(0));
            wire.send(new Message.IterationDone(1, true));
            wire.sendNow(new Message.Restore());
            assertInstanceOf(Message.Restored.class, wire.receive(), "log: " + log);

            try (SSLSocket intruder = tls(other)) {
                Wire w2 = new Wire(intruder.getInputStream(), intruder.getOutputStream(), intruder);
                w2.sendNow(new Message.Resume(id, false));
                Message answer = w2.receive();
                Message.Failure f = assertInstanceOf(Message.Failure.class, answer, "the other source is refused: " + answer);
                assertEquals(Message.Failure.Kind.NOT_TRUSTED, f.kind());
            }
            assertFalse(outcome.isDone(), "the intruder's abort did not decide the migration");
            wire.sendNow(new Message.Commit());
            assertTrue(outcome.get(10, TimeUnit.SECONDS), "the owner's commit did");
            assertInstanceOf(Message.Running.class, wire.receive());
        }
    }

    /**
     * Finding 3: a token made with {@code cr serve token --for FINGERPRINT} admits that source only. A local user who
     * read the token (from a process's command line, before the fix) and spends it first with their own certificate
     * is refused, and the token stays usable for the source it was made for.
     */
    @Test
    void aTokenBoundToASourceAdmitsOnlyThatSource() throws Exception {
        Identity intended = identity("intended-source");
        Identity thief = identity("token-thief");
        String token = state.tokens().create(Duration.ofMinutes(5), intended.fingerprint());
        try (SSLSocket s = tls(thief)) {
            Wire wire = new Wire(s.getInputStream(), s.getOutputStream(), s);
            wire.sendNow(new Message.Hello(Message.VERSION, token, "pid 1", ""));
            Message.Failure f = assertInstanceOf(Message.Failure.class, wire.receive(), "the thief is refused");
            assertEquals(Message.Failure.Kind.NOT_TRUSTED, f.kind());
        }
        assertFalse(state.trusted().contains(thief.fingerprint()), "the thief's certificate did not become trusted");
        try (SSLSocket s = tls(intended)) {
            Wire wire = new Wire(s.getInputStream(), s.getOutputStream(), s);
            wire.sendNow(new Message.Hello(Message.VERSION, token, "pid 1", ""));
            assertInstanceOf(Message.Accepted.class, wire.receive(), "the intended source is admitted; log: " + log);
        }
        assertTrue(state.trusted().contains(intended.fingerprint()));
    }
}
