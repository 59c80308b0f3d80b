/**
 * Post-copy's page stream: CRIU's lazy page server on the source and CRIU's lazy-pages daemon on the target talk
 * CRIU's page-server protocol to each other; cr relays those bytes between them over its own connection
 * ({@link dev.cr.engine.migrate.postcopy.PageStreamRelay}) so that neither CRIU ever sees the network break.
 *
 * <p>Why a relay that survives breaks, rather than a plain pipe: once the target's copy runs, a CRIU that sees its
 * connection end does harm. The target's lazy-pages daemon exits, and the kernel fills every page that had not
 * arrived with zeros; the source's CRIU either resumes the source copy (transfer failed) or, on a bare end of
 * file, takes the session as finished and kills it (docs/migrate.md, "Post-copy (lazy pages)"). So the relay keeps
 * both local sockets open across a break, resumes the byte stream exactly where it stopped on a new connection,
 * passes an end of file to the source's CRIU only after the daemon closed its session properly
 * ({@link dev.cr.engine.migrate.postcopy.PageServerRequests}), and when it gives up runs the caller's safeguard
 * (kill the target's copy, hold the source's with SIGSTOP) before it closes the local socket.
 *
 * <p>The relay's own frames, on a connection of their own: {@code [type: 1 byte][length: 4 bytes][payload]} with
 * DATA(offset, bytes), ACK(bytes received so far), RESUME(bytes received so far; the first frame on every
 * connection), END(total bytes sent: the local side reached end of file). Used by {@code cr migrate --post-copy}
 * ({@code migrate.source.LazyDump}, {@code migrate.target.LazyRestore}).
 */
package dev.cr.engine.migrate.postcopy;
