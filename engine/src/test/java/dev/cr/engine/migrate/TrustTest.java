package dev.cr.engine.migrate;

import dev.cr.engine.migrate.source.Checkpointer;
import dev.cr.engine.migrate.source.MigrationSource;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.target.Restorer;
import dev.cr.engine.migrate.trust.Fingerprint;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trust model over real TLS 1.3 on loopback: fingerprint pinning, one-time join tokens, remembered clients.
 * No workload is touched here: the checkpointer stops every migration at its first dump and counts the calls,
 * which shows whether a source got past admission (no process is checkpointed in these tests).
 */
class TrustTest {
    /** Shared by the tests so that each identity (a keytool run) is made once per class. */
    @TempDir
    static Path identities;

    @TempDir
    Path tmp;

    private MigrationTarget target;
    private final List<String> targetLog = new CopyOnWriteArrayList<>();
    private final AtomicInteger dumps = new AtomicInteger();

    /** Counts dump calls and stops there: reaching it means the source was admitted and would send data. */
    private final Checkpointer stopAtDump = new Checkpointer() {
        public boolean memoryTracking() { return false; }
        public boolean preDumpAgain() { return false; }
        public DumpFacts preDump(long pid, Path dir, Path parent) { throw new AssertionError("no pre-dump without pre-copy"); }
        public DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen) {
            dumps.incrementAndGet();
            throw new MigrationException("test dump", "stopped by the test after admission", null);
        }
    };

    private final Restorer neverCalled = (images, gate) -> { throw new AssertionError("no restore in trust tests"); };

    /** A copy of a class-wide client identity, so each test starts with clients the target does not know yet. */
    private Path clientIdentity(String name) {
        try {
            Path shared = identities.resolve(name);
            if (!Files.exists(shared)) Identity.loadOrCreate(shared, name);
            Path mine = tmp.resolve("clients").resolve(name);
            if (!Files.exists(mine)) {
                Files.createDirectories(mine);
                Files.setPosixFilePermissions(mine, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                Files.copy(shared.resolve(Identity.FILE), mine.resolve(Identity.FILE));
            }
            return mine;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startTarget() throws java.io.IOException {
        Path serve = identities.resolve("serve");
        if (!Files.exists(serve)) Identity.loadOrCreate(serve, "serve");
        Files.createDirectories(tmp.resolve("serve"));
        Files.setPosixFilePermissions(tmp.resolve("serve"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.copy(serve.resolve(Identity.FILE), tmp.resolve("serve").resolve(Identity.FILE));
        target = MigrationTarget.start(new ServeState(tmp.resolve("serve")),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), neverCalled, targetLog::add);
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    private MigrationReport migrate(Fingerprint fp, String token, String client) {
        var req = new MigrationRequest(ProcessHandle.current().pid(), "127.0.0.1", target.address().getPort(), fp, token,
                clientIdentity(client), tmp.resolve("work"), false, false);
        return new MigrationSource(req, stopAtDump, null).run();
    }

    @Test
    void identityIsCreatedOnceAndKept() {
        Fingerprint first = target.fingerprint();
        target.close();
        target = MigrationTarget.start(new ServeState(tmp.resolve("serve")),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), neverCalled, targetLog::add);
        assertEquals(first, target.fingerprint(), "a restarted target keeps its certificate");
        assertTrue(Files.exists(tmp.resolve("serve/identity.p12")));
        assertEquals(first, Fingerprint.parse(first.toString().toLowerCase().replace(":", "")), "fingerprints parse both ways");
    }

    @Test
    void wrongFingerprintFailsBeforeAnyDataMoves() {
        String token = new ServeState(tmp.resolve("serve")).tokens().create(Duration.ofMinutes(5));
        byte[] wrong = new byte[32];
        wrong[0] = 1;
        MigrationException e = assertThrows(MigrationException.class, () -> migrate(new Fingerprint(wrong), token, "client"));
        assertTrue(e.cause().contains("not the expected"), e.cause());
        assertTrue(e.cause().contains(target.fingerprint().toString()), "names what the target presented: " + e.cause());
        assertEquals(0, dumps.get(), "the workload was not touched");
        // The token was not spent on a connection that never got past TLS.
        assertThrows(MigrationException.class, () -> migrate(target.fingerprint(), token, "client")); // stops at the dump
        assertEquals(1, dumps.get(), "the same token still admits the right connection");
    }

    @Test
    void tokenWorksOnceAndTheAdmittedClientIsRemembered() {
        String token = new ServeState(tmp.resolve("serve")).tokens().create(Duration.ofMinutes(5));
        MigrationException stopped = assertThrows(MigrationException.class, () -> migrate(target.fingerprint(), token, "client-a"));
        assertTrue(stopped.cause().contains("stopped by the test"), stopped.cause());
        assertEquals(1, dumps.get(), "admitted with the token");

        MigrationException reused = assertThrows(MigrationException.NotTrusted.class,
                () -> migrate(target.fingerprint(), token, "client-b"));
        assertTrue(reused.cause().contains("already used"), reused.cause());
        assertTrue(reused.fix().orElseThrow().contains("new join token"), reused.fix().orElseThrow());
        assertEquals(1, dumps.get(), "a reused token admits nobody");

        assertThrows(MigrationException.class, () -> migrate(target.fingerprint(), null, "client-a"));
        assertEquals(2, dumps.get(), "client-a is trusted from now on without a token");
    }

    @Test
    void unknownClientWithoutTokenIsRefused() {
        MigrationException e = assertThrows(MigrationException.NotTrusted.class, () -> migrate(target.fingerprint(), null, "c"));
        assertTrue(e.cause().contains("no join token"), e.cause());
        assertEquals(0, dumps.get());
    }

    @Test
    void expiredTokenIsRefused() {
        String token = new ServeState(tmp.resolve("serve")).tokens().create(Duration.ofSeconds(-1));
        assertThrows(MigrationException.NotTrusted.class, () -> migrate(target.fingerprint(), token, "c"));
        assertEquals(0, dumps.get());
    }
}
