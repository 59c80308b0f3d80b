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
 */
public record MigrationReport(List<Iteration> iterations, long totalMillis, long downtimeMillis, long bytesSent, long targetPid) {
    public MigrationReport {
        iterations = List.copyOf(iterations);
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
        return sb.append("],\"totalMillis\":").append(totalMillis).append(",\"downtimeMillis\":").append(downtimeMillis)
                .append(",\"bytesSent\":").append(bytesSent).append(",\"targetPid\":").append(targetPid).append('}').toString();
    }
}
