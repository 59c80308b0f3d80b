package dev.cr.engine.migrate.protocol;

import java.time.Duration;

/** The waits both sides of a migration agree on: the source plans its retries around the target's patience. */
public final class Deadlines {
    /** How long a peer may stay silent (between frames) before the other side gives up on it. */
    public static final Duration IDLE = Duration.ofSeconds(120);
    /**
     * How long a new connection has, from accept to a trust decision (TLS handshake and the first frame): a peer
     * that is not trusted yet gets a short leash, so idle or slow connections cannot pile up. 10 s, unless the
     * environment of {@code cr serve} sets {@code CR_SERVE_HANDSHAKE_SECONDS} (1 to 600): a host that is very slow
     * (an emulated VM, where a cold JVM's TLS handshake alone took longer) needs more.
     */
    public static final Duration HANDSHAKE = Duration.ofSeconds(seconds("CR_SERVE_HANDSHAKE_SECONDS", 10, 1, 600));
    /**
     * How long a restored tree waits, not running, for the source's verdict after the target reported the restore.
     * Past it the tree is killed: the source either never heard of the restore (and resumed its own copy) or could
     * not reach the target for that long.
     */
    public static final Duration COMMIT_WAIT = Duration.ofSeconds(60);
    /**
     * Post-copy: how long either side keeps retrying a broken page stream before it gives up the workload (the
     * target kills its copy, the source holds its frozen one stopped). 30 s, or {@code CR_POST_COPY_RETRY_SECONDS}
     * (1 to 600) of the process: both sides should be given the same.
     */
    public static final Duration POST_COPY_RETRY = Duration.ofSeconds(seconds("CR_POST_COPY_RETRY_SECONDS", 30, 1, 600));

    private Deadlines() {}

    private static long seconds(String variable, long otherwise, long min, long max) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) return otherwise;
        try {
            long n = Long.parseLong(v.trim());
            return n < min || n > max ? otherwise : n;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
