package dev.cr.engine.migrate;

/**
 * A progress event of a migration, for a progress bar or a log.
 *
 * @param phase     what is happening now
 * @param iteration the current iteration (1-based), 0 before the first
 * @param bytesSent bytes put on the connection so far
 * @param elapsedMillis since the migration started
 */
public record Progress(Phase phase, int iteration, long bytesSent, long elapsedMillis) {
    /**
     * The phases a user sees, in order: {@code CONNECT} (identity, TCP, TLS), {@code ADMIT} (trust, token),
     * {@code PRE_DUMP}/{@code SENDING} (pre-copy while the workload runs, a container's directory), {@code FREEZE}
     * and {@code DUMP} (the final dump, its pages streaming), {@code TRANSFER_TAIL} (what was left to send with the
     * tasks frozen), {@code RESTORE} (on the target), {@code COMMIT} (the source copy goes, the target's runs); with post-copy,
     * {@code POST_COPY} (the target's copy runs and fetches its pages: the window in which the workload needs both
     * hosts, from its first event to {@code DONE}).
     */
    public enum Phase { CONNECT, ADMIT, PRE_DUMP, SENDING, FREEZE, DUMP, TRANSFER_TAIL, RESTORE, COMMIT, POST_COPY, DONE }
}
