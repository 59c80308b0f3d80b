package dev.cr.engine.migrate;

import java.io.PrintStream;

/**
 * A debug log of where a migration's time goes, one line per phase boundary on standard error, on both sides:
 * {@code cr-phase <side> +<ms since start> <what>}. Off unless the environment variable {@code CR_PHASE_LOG} is set
 * (to anything but empty or 0), so a normal run prints nothing. Used to find the slow step of a migration.
 */
public final class PhaseLog {
    public static final boolean ON = on(System.getenv("CR_PHASE_LOG"));

    private final String side;
    private final long start = System.nanoTime();
    private final PrintStream out = System.err;

    public PhaseLog(String side) {
        this.side = side;
    }

    /** Logs {@code what} with the time since this log was made. */
    public void mark(String what) {
        if (!ON) return;
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("cr-phase " + side + " +" + ms + " " + what);
        out.flush();
    }

    public static boolean on(String value) {
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
