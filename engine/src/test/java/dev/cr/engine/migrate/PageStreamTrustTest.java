package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.target.Restorer;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;
import dev.cr.engine.migrate.trust.Tls;
import dev.cr.engine.testing.Requirements;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The page stream's boundary, with a real target, real TLS 1.3 and the real CRIU page server behind it: CRIU's
 * page-server protocol has no authentication, so cr must relay into a page server only the stream of the admitted
 * source that presents that iteration's one-time secret. Hostile streams (another client's certificate, a wrong
 * secret, an unknown migration, the secret used twice) each send bytes that would make the page server log an error
 * if any reached it; the page server's log must stay free of errors until the right stream sends the same bytes.
 */
class PageStreamTrustTest {
    @TempDir
    Path tmp;

    private MigrationTarget target;
    private final List<String> targetLog = new CopyOnWriteArrayList<>();
    private Path criu;

    @BeforeEach
    void start() {
        criu = Requirements.criu();
        Restorer restorer = new Restorer() {
            public long restore(Path images, BeforeRunning gate) { throw new AssertionError("no restore here"); }
            public Optional<Path> criuBinary() { return Optional.of(criu); }
        };
        target = MigrationTarget.start(new ServeState(tmp.resolve("serve")),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), restorer, targetLog::add);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private Wire connect(Identity who) throws IOException {
        var ctx = Tls.client(who, target.fingerprint(), "test");
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), target.address().getPort());
        s.setSoTimeout(20_000);
        Tls.restrict(s);
        s.startHandshake();
        return new Wire(s.getInputStream(), s.getOutputStream(), s);
    }

    /** Sends a stream's first frame and then bytes that are no valid page-server request; true when the target hung up. */
    private static boolean hostileStream(Wire w, Message.PageStream first) throws IOException {
        w.sendNow(first);
        try {
            w.rawOutput().write(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee, 1, 2, 3, 4, 5, 6, 7, 8,
                    9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
            w.rawOutput().flush();
            return w.rawInput().read() < 0;
        } catch (IOException e) {
            return true; // reset: hung up as well
        } finally {
            w.close();
        }
    }

    private String pageServerLog(String id) throws IOException {
        Path log = tmp.resolve("serve/logs/page-server-" + id + "-1.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void onlyTheAdmittedSourceWithTheIterationsSecretReachesThePageServer() throws Exception {
        Identity source = Identity.loadOrCreate(tmp.resolve("source"), "source");
        Identity stranger = Identity.loadOrCreate(tmp.resolve("stranger"), "stranger");
        String token = new ServeState(tmp.resolve("serve")).tokens().create(Duration.ofMinutes(5));
        try (Wire control = connect(source)) {
            control.sendNow(new Message.Hello(Message.VERSION, token, "test", ""));
            String id = assertInstanceOf(Message.Accepted.class, control.receive()).migrationId();
            control.sendNow(new Message.PageServer(1));
            String secret = assertInstanceOf(Message.PageServerReady.class, control.receive()).secret();

            assertTrue(hostileStream(connect(stranger), new Message.PageStream(id, 1, secret)), "another certificate is dropped");
            // One character changed, and surely changed: a fixed "0" in its place was the right secret one time in 16.
            String wrong = (secret.charAt(0) == '0' ? "1" : "0") + secret.substring(1);
            assertTrue(hostileStream(connect(source), new Message.PageStream(id, 1, wrong)), "a wrong secret is dropped");
            assertTrue(hostileStream(connect(source), new Message.PageStream("nosuchid", 1, secret)), "an unknown migration is dropped");
            assertTrue(hostileStream(connect(source), new Message.PageStream(id, 2, secret)), "another iteration is dropped");
            Thread.sleep(300);
            assertFalse(pageServerLog(id).contains("Error"), "no hostile byte reached the page server: " + pageServerLog(id));
            assertEquals(4, targetLog.stream().filter(l -> l.contains("refused a page stream")).count(), "each was refused: " + targetLog);

            // The right stream with the same bytes does reach it (so the check above could fail): the page server
            // rejects them, and the target says so on the control connection.
            hostileStream(connect(source), new Message.PageStream(id, 1, secret));
            Message m = control.receive();
            assertInstanceOf(Message.Failure.class, m, "the target reports the failed page server");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!pageServerLog(id).contains("Error") && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(pageServerLog(id).contains("Error"), "the admitted stream reached the page server: " + pageServerLog(id));

            assertTrue(hostileStream(connect(source), new Message.PageStream(id, 1, secret)), "the secret serves one stream only");
        }
    }
}
