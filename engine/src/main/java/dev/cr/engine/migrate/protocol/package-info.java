/**
 * cr's migration protocol: what the source and the target of a migration say to each other over one TLS 1.3
 * connection, authenticated both ways by pinned fingerprints (see {@code migrate.trust}). Each message travels as
 * one frame, {@code [type: 1 byte][length: 4 bytes, big-endian][payload]} ({@link dev.cr.engine.migrate.protocol.Wire});
 * the numbers are in one registry ({@link dev.cr.engine.migrate.protocol.FrameType}). This package is the
 * contract both sides share; it is not API for programs using the engine.
 *
 * <p>The conversation, source (S) and target (T):
 * <pre>
 *   S: Hello(version, token, container) T: Accepted(id) | Failure
 *   S: a container's directory, pass 1 while it runs: (TreeEntry (Data* FileEnd)?)* TreeDone(1)
 *   S: per iteration of a process tree: PageServer(n)  T: PageServerReady(n, secret) | Failure
 *      S opens a second connection (same client certificate): PageStream(id, n, secret), then CRIU's page-server
 *      protocol unframed both ways: the dump's pages land in T's directory of iteration n while CRIU dumps them
 *   S: per iteration: Link? File (Data* FileEnd)* IterationDone(n, last)   (the other, small images; T waits
 *      for the page server of n to have ended well)
 *      and, for the final dump, while CRIU still writes its page files: Part* (pieces appended to a file), each
 *      such file later closed by PartsDone(size, crc) or dropped by PartsDropped (then it comes again as File)
 *   S: a container, pass 2 while frozen: (TreeRemove | TreeEntry (Data* FileEnd)?)* TreeDone(2)
 *   S: Restore(options)               T: Restored(pid) | Failure   (the restored tree waits, not running)
 *      (the source lets CRIU kill its frozen copy)
 *   S: Commit                         T: Running(pid) | Failure    (the restored tree runs)
 *   either side: Failure at any point; the target then kills what it restored and removes what it received.
 * If the connection breaks after Restored, the source connects again and sends, as its first message,
 *   S: Resume(id, commit)             T: Running(pid) | Failure
 * The target holds the restored tree (not running) for {@link dev.cr.engine.migrate.protocol.Deadlines#COMMIT_WAIT} waiting for it.
 * </pre>
 */
package dev.cr.engine.migrate.protocol;
