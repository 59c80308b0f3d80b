package dev.cr.engine.migrate;

import java.util.List;

/**
 * What a migration did.
 *
 * @param iterations    each pre-dump and the final dump, in order
 * @param totalMillis   from the start of the migration until the target reported the workload running
 * @param downtimeMillis from the start of the final dump (the workload freezes) until the target reported it running
 * @param bytesSent     bytes handed to the TLS connection (frames, after compression)
 * @param targetPid     the pid of the restored tree on the target (in the target's pid namespace)
 * @param phaseMillis   where the time went, in order: connect, admit, pre-copy (when there was any), freeze
 *                      (CRIU freezing the tasks), dump (the rest of the final dump, its pages streaming), transfer
 *                      tail (what was left to send, frozen), restore (on the target), commit (the source copy
 *                      killed, the target's let run); with post-copy, "post-copy" (the window)
 * @param postCopy      with post-copy, the window in which the workload needed both hosts; null otherwise. Then
 *                      {@code totalMillis} runs until the window closed, {@code downtimeMillis} until the target's
 *                      copy ran (on pages that were still arriving)
 */
public record MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid,
                              java.util.SequencedMap<String, Long> phaseMillis, PostCopyWindow postCopy) {
    public MigrationReport {
        iterations = List.copyOf(iterations);
        phaseMillis = java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(phaseMillis));
    }

    /** A report of a migration without post-copy. */
    public MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid,
                           java.util.SequencedMap<String, Long> phaseMillis) {
        this(iterations, totalMillis, downtimeMillis, bytesSent, targetPid, phaseMillis, null);
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
        public long millis() {
            return closedAtMillis - openedAtMillis;
        }
    }

    /** A report without the phase breakdown. */
    public MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid) {
        this(iterations, totalMillis, downtimeMillis, bytesSent, targetPid, new java.util.LinkedHashMap<>());
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

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"iterations\":[");
        for (int i = 0; i < iterations.size(); i++) {
            Iteration it = iterations.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"number\":").append(it.number()).append(",\"final\":").append(it.finalDump())
                    .append(",\"pagesWritten\":").append(it.pagesWritten()).append(",\"imageBytes\":").append(it.imageBytes())
                    .append(",\"wireBytes\":").append(it.wireBytes()).append(",\"millis\":").append(it.millis()).append('}');
        }
        sb.append("],\"totalMillis\":").append(totalMillis).append(",\"downtimeMillis\":").append(downtimeMillis)
                .append(",\"bytesSent\":").append(bytesSent).append(",\"targetPid\":").append(targetPid).append(",\"phases\":{");
        int i = 0;
        for (var e : phaseMillis.entrySet()) {
            if (i++ > 0) sb.append(',');
            sb.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        sb.append('}');
        if (postCopy != null) {
            sb.append(",\"postCopy\":{\"openedAtMillis\":").append(postCopy.openedAtMillis())
                    .append(",\"closedAtMillis\":").append(postCopy.closedAtMillis())
                    .append(",\"windowMillis\":").append(postCopy.millis())
                    .append(",\"pageBytes\":").append(postCopy.pageBytes())
                    .append(",\"reconnects\":").append(postCopy.reconnects())
                    .append(",\"confirmed\":").append(postCopy.confirmed()).append('}');
        }
        return sb.append('}').toString();
    }
}
