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
 *   S: PostCopy                       T: PostCopyReady(secret) | Failure   (only for post-copy, before the final
 *      dump; the final dump is then lazy: its images carry no lazy pages and no PageServer is asked for it)
 *   S: Restore(options)               T: Restored(pid) | Failure   (the restored tree waits, not running)
 *      (the source lets CRIU kill its frozen copy; with post-copy, CRIU keeps it frozen and serves its pages)
 *   S: Commit                         T: Running(pid) | Failure    (the restored tree runs)
 * With post-copy the window opens here: the source opens page stream connections, one at a time and again after
 * each break, LazyPageStream(id, secret) and then PageStreamRelay's frames (CRIU's page-server protocol between the
 * source's lazy page server and the target's lazy-pages daemon, acknowledged and resumable). It closes with
 *   T: PagesArrived(bytes, reconnects) | Failure(WORKLOAD_LOST)   (on the first connection, if it still stands)
 * after the daemon had every page (the source's CRIU then kills the source copy), or after the stream was lost
 * (the target killed its copy; the source holds its frozen copy stopped).
 *   either side: Failure at any point; the target then kills what it restored and removes what it received.
 * If the connection breaks after Restored, the source connects again and sends, as its first message,
 *   S: Resume(id, commit)             T: Running(pid) | Failure
 * The target holds the restored tree (not running) for {@link dev.cr.engine.migrate.protocol.Deadlines#COMMIT_WAIT} waiting for it.
 * </pre>
 */
package dev.cr.engine.migrate.protocol;
