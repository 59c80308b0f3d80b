/** Who may talk to whom: this host's identity (key and certificate), fingerprints, pinned TLS 1.3 contexts, one-time join tokens, the trusted clients, and the state directory that holds them. */
package dev.cr.engine.migrate.trust;
