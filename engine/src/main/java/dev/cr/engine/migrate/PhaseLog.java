package dev.cr.engine.migrate;

import java.io.PrintStream;

/**
 * A debug log of where a migration's time goes, one line per phase boundary on standard error, on both sides:
 * {@code cr-phase <side> +<ms since start> <what>}. Off unless the environment variable {@code CR_PHASE_LOG} is set
 * (to anything but empty or 0), so a normal run prints nothing. Used to find the slow step of a migration.
 */
public final class PhaseLog {
    /** Whether {@code CR_PHASE_LOG} turned the log on for this JVM, read once at class load. */
    public static final boolean ON = on(System.getenv("CR_PHASE_LOG"));

    private final String side;
    private final long start = System.nanoTime();
    private final PrintStream out = System.err;

    /**
     * A log whose times count from now.
     *
     * @param side which side writes it ("source", "target"), the second word of each line
     */
    public PhaseLog(String side) {
        this.side = side;
    }

    /**
     * Logs {@code what} with the time since this log was made.
     *
     * @param what the boundary reached, in words ("dump done")
     */
    public void mark(String what) {
        if (!ON) return;
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("cr-phase " + side + " +" + ms + " " + what);
        out.flush();
    }

    /**
     * Whether a value of {@code CR_PHASE_LOG} turns the log on.
     *
     * @param value the variable's value, or null when unset
     * @return true for anything but null, empty or "0"
     */
    public static boolean on(String value) {
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
