package dev.cr.engine.migrate.source;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.Notification;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.stats.DumpStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The source side of a migration done with the engine's {@link Criu}: pre-dumps with memory tracking, and a final
 * dump whose post-dump notification runs the migration's frozen step, so that a failure there makes CRIU resume
 * the tasks. One instance per migration (it keeps the statistics of its pre-dumps for the policy).
 */
public final class CriuCheckpointer implements Checkpointer {
    private final Criu criu;
    private final PreDumpPolicy policy;
    private final Path logDir;
    private final List<DumpStats> preDumps = new ArrayList<>();
    private final java.util.function.UnaryOperator<DumpOptions.Builder> extra;
    private Boolean tracking;

    /**
     * A checkpointer with no options beyond those a migration sets.
     *
     * @param criu   the CRIU to dump with
     * @param policy decides whether to pre-dump again, from the statistics of the pre-dumps so far
     * @param logDir where CRIU's logs of the migration are kept (they outlive the images, which are removed)
     */
    public CriuCheckpointer(Criu criu, PreDumpPolicy policy, Path logDir) {
        this(criu, policy, logDir, b -> b);
    }

    /**
     * A checkpointer with the options the workload needs.
     *
     * @param criu        the CRIU to dump with
     * @param policy      decides whether to pre-dump again, from the statistics of the pre-dumps so far
     * @param logDir      where CRIU's logs of the migration are kept
     * @param dumpOptions what the workload needs of CRIU's dump options ({@code --tcp-established},
     *                    {@code --ext-unix-sk}, ...), applied to every pre-dump and dump; the restore-side ones among
     *                    them go to the target ({@link #restoreFlags()})
     */
    public CriuCheckpointer(Criu criu, PreDumpPolicy policy, Path logDir, java.util.function.UnaryOperator<DumpOptions.Builder> dumpOptions) {
        this.criu = criu;
        this.policy = policy;
        this.logDir = logDir;
        this.extra = dumpOptions;
    }

    @Override
    public boolean streamsPages() {
        return true;
    }

    @Override
    public java.util.List<String> restoreFlags() {
        return dev.cr.engine.migrate.protocol.RestoreFlags.of(extra.apply(DumpOptions.builder(1, Path.of("."))).build());
    }

    @Override
    public DumpFacts preDump(long pid, Path dir, Path parent, int pagePort) {
        DumpResult r = criu.preDump(options(pid, dir, parent).trackMem(true).pageServer("127.0.0.1", pagePort).build());
        r.stats().ifPresent(preDumps::add);
        return facts(r);
    }

    @Override
    public DumpFacts dump(long pid, Path dir, Path parent, int pagePort, FrozenStep whileFrozen) {
        DumpOptions.Builder b = options(pid, dir, parent).trackMem(parent != null).pageServer("127.0.0.1", pagePort);
        b.listener(n -> {
            if (Notification.POST_DUMP.equals(n.action())) whileFrozen.run();
        });
        return facts(criu.dump(b.build()));
    }

    @Override
    public java.util.Optional<LazyDumpPlan> lazyDump(long pid, Path dir, Path parent) {
        return java.util.Optional.of(new LazyDumpPlan(criu.binary(), options(pid, dir, parent).trackMem(parent != null).build(), logDir));
    }

    @Override
    public boolean memoryTracking() {
        if (tracking == null) tracking = criu.features().memoryTracking();
        return tracking;
    }

    @Override
    public boolean preDumpAgain() {
        return policy.next(preDumps).preDumpAgain();
    }

    @Override
    public DumpFacts preDump(long pid, Path dir, Path parent) {
        DumpResult r = criu.preDump(options(pid, dir, parent).trackMem(true).build());
        r.stats().ifPresent(preDumps::add);
        return facts(r);
    }

    @Override
    public DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen) {
        DumpOptions.Builder b = options(pid, dir, parent).trackMem(parent != null);
        b.listener(n -> {
            if (Notification.POST_DUMP.equals(n.action())) whileFrozen.run();
        });
        return facts(criu.dump(b.build()));
    }

    private DumpOptions.Builder options(long pid, Path dir, Path parent) {
        DumpOptions.Builder b = extra.apply(DumpOptions.builder(Math.toIntExact(pid), dir)).logDir(logDir);
        // CRIU wants the parent relative to the images directory ("../1").
        if (parent != null) b.parentImages(dir.toAbsolutePath().relativize(parent.toAbsolutePath()));
        return b;
    }

    private static DumpFacts facts(DumpResult r) {
        long pages = r.stats().map(DumpStats::pagesWritten).orElse(-1L);
        long frozen = r.stats().map(s -> s.frozenTime().toMillis()).orElse(-1L);
        long freezing = r.stats().map(s -> s.freezingTime().toMillis()).orElse(-1L);
        return new DumpFacts(pages, frozen, freezing, r.logPath());
    }
}
