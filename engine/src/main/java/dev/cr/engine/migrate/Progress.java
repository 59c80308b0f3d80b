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
    public enum Phase { CONNECTING, PRE_DUMP, DUMP, SENDING, RESTORING, DONE }
}
