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
    public enum Phase {
        /** Loading this host's identity, connecting over TCP, the TLS handshake. */
        CONNECT,
        /** The target checks this source's certificate or its join token. */
        ADMIT,
        /** A pre-dump and its transfer while the workload runs (pre-copy). */
        PRE_DUMP,
        /** Sending what can go before the freeze (a container's directory). */
        SENDING,
        /** CRIU freezes the workload: downtime starts. */
        FREEZE,
        /** The final dump, its pages streaming to the target. */
        DUMP,
        /** Sending what was left once the dump ended, the workload frozen. */
        TRANSFER_TAIL,
        /** The target restores the workload. */
        RESTORE,
        /** The source copy is killed and the target's copy let run. */
        COMMIT,
        /** Post-copy's window: the target's copy runs and fetches its pages from the source. */
        POST_COPY,
        /** The workload runs on the target; the migration is over. */
        DONE
    }
}
