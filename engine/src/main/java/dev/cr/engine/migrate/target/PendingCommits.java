package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.trust.Fingerprint;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target's restored trees that wait for the source's verdict. The verdict normally arrives on the migration's
 * own connection; when that connection broke after the target reported the restore, the source delivers it on a
 * new one ({@link Message.Resume}), and this table is where the two meet.
 */
final class PendingCommits {
    /**
     * One restored tree waiting: {@code verdict} is true to let it run; {@code running} is its pid once it runs.
     * {@code source} is the client certificate that started the migration: only it may give the verdict on a new
     * connection, so another trusted source that learns the id cannot commit or abort someone else's migration.
     */
    record Pending(CompletableFuture<Boolean> verdict, CompletableFuture<Long> running, Fingerprint source) {}

    private final Map<String, Pending> waiting = new ConcurrentHashMap<>();

    Pending open(String migrationId, Fingerprint source) {
        Pending p = new Pending(new CompletableFuture<>(), new CompletableFuture<>(), source);
        waiting.put(migrationId, p);
        return p;
    }

    /** The pending migration of that id, if a restored tree of it still waits (or just ran). */
    Optional<Pending> find(String migrationId) {
        return Optional.ofNullable(waiting.get(migrationId));
    }

    /**
     * Forgets the migration after {@code linger}: until then a source whose connection broke after the tree started
     * running can still ask, on a new connection, how it ended.
     */
    void close(String migrationId, java.time.Duration linger) {
        CompletableFuture.delayedExecutor(linger.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> waiting.remove(migrationId));
    }
}
