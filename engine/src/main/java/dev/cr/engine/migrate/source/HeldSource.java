package dev.cr.engine.migrate.source;

import dev.cr.ffm.libc.Posix;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-copy's safeguard on the source: once the target's copy may have run, the source's frozen copy must never run
 * again by itself, yet must not be lost either. CRIU resumes the tree when its lazy page server fails; a SIGSTOP
 * sent before that (the tasks are ptrace-stopped by CRIU, so it waits for them) keeps every task stopped, with its
 * memory as it was at the freeze, for a person to resume ({@code kill -CONT}) or end. It is sent just before the
 * commit, not when the stream is lost: whatever ends cr's part (cr itself killed included), CRIU's resume then
 * finds the tasks stopped. On success CRIU kills them stopped.
 */
final class HeldSource {
    private HeldSource() {}

    /** Sends SIGCONT to {@code pids}: a hold that turned out not to be needed (the target's copy never ran). */
    static void resume(List<Long> pids) {
        for (long p : pids) Posix.resume(Math.toIntExact(p));
    }

    /**
     * The pids of {@code root} and its descendants. Taken once CRIU froze the tree (no task can fork then), and
     * while the target restores: walking /proc cost a second under emulation, which {@link #stop} no longer spends
     * inside the downtime.
     */
    static List<Long> tree(long root) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(root).ifPresent(h -> {
            pids.add(h.pid());
            try (var d = h.descendants()) {
                d.forEach(c -> pids.add(c.pid()));
            }
        });
        return List.copyOf(pids);
    }

    /**
     * Sends SIGSTOP to {@code pids} (a frozen {@link #tree}) by kill(2) itself: spawning {@code kill(1)} from the JVM
     * cost up to a second under emulation. A task that is gone (ESRCH) has nothing to hold.
     *
     * @return {@code pids}, as the ones to resume or end
     */
    static List<Long> stop(List<Long> pids) {
        for (long p : pids) Posix.stop(Math.toIntExact(p));
        return pids;
    }
}
