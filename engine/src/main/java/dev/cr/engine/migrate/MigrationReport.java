package dev.cr.engine.migrate;

import java.util.List;

/**
 * What a migration did.
 *
 * @param iterations    each pre-dump and the final dump, in order
 * @param totalMillis   from the start of the migration until the target reported the workload running
 * @param downtimeMillis from the moment the final dump froze the workload until the target reported it running. The
 *                      freeze is dated by CRIU's log (its first seized task, against its post-dump stage) or, without
 *                      a verbose log, its statistics; CRIU's start-up before it, with the workload running, is the
 *                      phase "dump start" and not downtime
 * @param bytesSent     bytes handed to the TLS connection (frames, after compression)
 * @param targetPid     the pid of the restored tree on the target (in the target's pid namespace)
 * @param phaseMillis   where the time went, in order: connect, admit, pre-copy (when there was any), dump start
 *                      (CRIU starting and collecting the tree, the workload still running), freeze
 *                      (CRIU freezing the tasks), dump (the rest of the final dump, its pages streaming), transfer
 *                      tail (what was left to send, frozen), restore (on the target), commit (the source copy
 *                      killed, the target's let run); with post-copy, "post-copy" (the window)
 * @param notes         what went otherwise than asked although the workload moved, in words for a person: pre-copy
 *                      skipped (and why), a source copy that could not be removed; empty when all went as asked
 * @param postCopy      with post-copy, the window in which the workload needed both hosts; null otherwise. Then
 *                      {@code totalMillis} runs until the window closed, {@code downtimeMillis} until the target's
 *                      copy ran (on pages that were still arriving)
 */
public record MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid,
                              java.util.SequencedMap<String, Long> phaseMillis, List<String> notes, PostCopyWindow postCopy) {
    /**
     * Copies the iterations, the phases (keeping their order) and the notes.
     *
     * @param iterations     each pre-dump and the final dump, in order
     * @param totalMillis    the migration's wall time, ms
     * @param downtimeMillis the time the workload was not running, ms
     * @param bytesSent      bytes put on the connection
     * @param targetPid      the restored tree's pid on the target
     * @param phaseMillis    phase name to ms, in order
     * @param notes          what went otherwise than asked, in words, in order
     * @param postCopy       post-copy's window, or null without post-copy
     */
    public MigrationReport {
        iterations = List.copyOf(iterations);
        phaseMillis = java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(phaseMillis));
        notes = List.copyOf(notes);
    }

    /**
     * A report of a migration without post-copy.
     *
     * @param iterations     each pre-dump and the final dump, in order
     * @param totalMillis    the migration's wall time, ms
     * @param downtimeMillis the time the workload was not running, ms
     * @param bytesSent      bytes put on the connection
     * @param targetPid      the restored tree's pid on the target
     * @param phaseMillis    phase name to ms, in order
     * @param notes          what went otherwise than asked, in words, in order
     */
    public MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid,
                           java.util.SequencedMap<String, Long> phaseMillis, List<String> notes) {
        this(iterations, totalMillis, downtimeMillis, bytesSent, targetPid, phaseMillis, notes, null);
    }

    /**
     * Post-copy's window: from the target's copy running (on pages not yet there) until the target had every page
     * and the source's copy was gone.
     *
     * @param openedAtMillis  since the start of the migration
     * @param closedAtMillis  since the start of the migration
     * @param pageBytes       bytes of CRIU's page-server protocol the source sent in the window (nearly all pages)
     * @param reconnects      page stream connections after the first (each one a break survived)
     * @param confirmed       whether the target's own report (PagesArrived) came; the end of the daemon's session
     *                        reached the source through the stream either way, or the source copy would still be held
     */
    public record PostCopyWindow(long openedAtMillis, long closedAtMillis, long pageBytes, int reconnects, boolean confirmed) {
        /** {@return how long the window was open, ms} */
        public long millis() {
            return closedAtMillis - openedAtMillis;
        }
    }

    /**
     * A report without the phase breakdown and without notes.
     *
     * @param iterations     each pre-dump and the final dump, in order
     * @param totalMillis    the migration's wall time, ms
     * @param downtimeMillis the time the workload was not running, ms
     * @param bytesSent      bytes put on the connection
     * @param targetPid      the restored tree's pid on the target
     */
    public MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid) {
        this(iterations, totalMillis, downtimeMillis, bytesSent, targetPid, new java.util.LinkedHashMap<>(), List.of());
    }

    /**
     * One iteration.
     *
     * @param number       1-based
     * @param finalDump    whether this is the final dump (the others are pre-dumps)
     * @param pagesWritten pages CRIU wrote (-1 when its statistics were not available)
     * @param imageBytes   bytes of the image files sent
     * @param wireBytes    bytes that iteration put on the connection
     * @param millis       time of the dump and its transfer
     */
    public record Iteration(int number, boolean finalDump, long pagesWritten, long imageBytes, long wireBytes, long millis) {}
}
