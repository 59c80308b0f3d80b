package dev.cr.engine.migrate.protocol;

import java.time.Duration;

/** The waits both sides of a migration agree on: the source plans its retries around the target's patience. */
public final class Deadlines {
    /** How long a peer may stay silent (between frames) before the other side gives up on it. */
    public static final Duration IDLE = Duration.ofSeconds(120);
    /**
     * How long a restored tree waits, not running, for the source's verdict after the target reported the restore.
     * Past it the tree is killed: the source either never heard of the restore (and resumed its own copy) or could
     * not reach the target for that long.
     */
    public static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

    private Deadlines() {}
}
