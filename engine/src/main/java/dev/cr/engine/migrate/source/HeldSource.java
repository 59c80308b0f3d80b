package dev.cr.engine.migrate.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        signal("-CONT", pids);
    }

    /** Sends SIGSTOP to {@code root} and its descendants; returns their pids. */
    static List<Long> stop(long root) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(root).ifPresent(h -> {
            pids.add(h.pid());
            try (var d = h.descendants()) {
                d.forEach(c -> pids.add(c.pid()));
            }
        });
        signal("-STOP", pids);
        return pids;
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) return;
        List<String> cmd = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // kill(1) missing: the pids are still reported, and CRIU's resume is what the person is told about
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
