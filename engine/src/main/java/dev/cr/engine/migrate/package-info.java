/**
 * Live migration of a process tree or an LXC container to another host: what both sides share.
 *
 * <p>A program asks for a migration with a {@link dev.cr.engine.migrate.MigrationRequest} (the target's address
 * and pinned certificate fingerprint, a join token the first time, pre-copy and compression), runs it with
 * {@code dev.cr.engine.migrate.source.MigrationSource}, follows it through {@link dev.cr.engine.migrate.Progress}
 * events and reads the {@link dev.cr.engine.migrate.MigrationReport} (iterations, downtime, bytes, the pid on the
 * target). The receiving side is {@code dev.cr.engine.migrate.target.MigrationTarget}; identities, fingerprints,
 * join tokens and TLS are in {@link dev.cr.engine.migrate.trust}. Failures are
 * {@link dev.cr.engine.migrate.MigrationException}s saying what became of the workload: a migration that fails
 * leaves the source running.
 *
 * <p>{@link dev.cr.engine.migrate.PhaseLog} and {@link dev.cr.engine.migrate.MigrationRehearsal} serve the engine
 * and the {@code cr} launcher (a debug timing log, the AOT cache's training run); they are not meant for library
 * users.
 */
package dev.cr.engine.migrate;
