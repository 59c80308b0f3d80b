/**
 * Who may talk to whom: this host's identity (key and certificate), fingerprints, pinned TLS 1.3 contexts, one-time
 * join tokens, the trusted clients, and the state directory that holds them.
 *
 * <p>No certificate authority is involved. A source pins the target's certificate by its
 * {@link dev.cr.engine.migrate.trust.Fingerprint} (printed by {@code cr serve}); a target admits a source whose
 * certificate it trusts ({@link dev.cr.engine.migrate.trust.TrustedClients}), or which presents a valid one-time
 * token ({@link dev.cr.engine.migrate.trust.JoinTokens}) and is trusted from then on. Both sides keep an
 * {@link dev.cr.engine.migrate.trust.Identity} created on first use.
 *
 * <p>{@link dev.cr.engine.migrate.trust.CryptoWarmUp}, {@link dev.cr.engine.migrate.trust.TlsWarmUp} and
 * {@link dev.cr.engine.migrate.trust.LoopbackPeer} are public for the engine's own migration packages (JIT warm-up,
 * checking who holds a loopback connection to CRIU's page server); they are not meant for library users.
 */
package dev.cr.engine.migrate.trust;
