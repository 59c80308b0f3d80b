package dev.cr.cli;

import dev.cr.engine.registry.TransferProgress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line on standard error, redrawn at most ten times a second, for transfers of more than a few MiB:
 * blob, percentage, bytes and rate. Only on a terminal: in a log or a pipe it would be noise.
 */
final class ProgressBar implements TransferProgress {
    private static final long SMALL = 4L << 20;

    private final PrintWriter err;
    private String blob;
    private long started, drawn;

    private ProgressBar(PrintWriter err) {
        this.err = err;
    }

    static TransferProgress onTerminal(PrintWriter err) {
        var console = System.console();
        return console != null && console.isTerminal() ? new ProgressBar(err) : TransferProgress.NONE;
    }

    @Override
    public void moved(String what, long done, long total) {
        if (total >= 0 && total < SMALL) return;
        long now = System.nanoTime();
        if (!what.equals(blob)) {
            blob = what;
            started = now;
            drawn = 0;
        }
        boolean end = done == total;
        if (!end && now - drawn < 100_000_000L) return;
        drawn = now;
        double secs = Math.max((now - started) / 1e9, 1e-3);
        String pct = total > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / total) : "    ";
        err.printf("\r  %s %s %s/%s %s/s   ", what, pct, Sizes.human(done), total > 0 ? Sizes.human(total) : "?",
                Sizes.human((long) (done / secs)));
        if (end) err.println();
        err.flush();
    }

    @Override
    public void skipped(String what, long size) {
        err.printf("  %s: already in the registry (%s), not sent%n", what, Sizes.human(size));
        err.flush();
    }
}
