package dev.cr.engine.criu;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link DumpOptions} as arguments of the {@code criu dump} command, for the one dump cr runs as a command rather
 * than through libcriu: post-copy's lazy dump. libcriu cannot make that dump safely: through RPC, CRIU's lazy page
 * server ignores the page server's address and listens on every address (docs/migrate.md, "Post-copy"). The images
 * directory, the log and the notifications are the caller's to add; so are the page server's options.
 */
public final class CriuArguments {
    private CriuArguments() {}

    /**
     * The options of {@code o} that CRIU's dump takes, by CRIU's own option names.
     *
     * @param o the dump's options
     * @return the arguments, starting with {@code -t PID} and the log level, in the order {@code criu dump} reads
     *         them from its command line
     * @throws IllegalArgumentException for an option the {@code criu} command does not have ({@code orphan-pts-master})
     */
    public static List<String> dump(DumpOptions o) {
        List<String> a = new ArrayList<>();
        a.add("-t");
        a.add(Integer.toString(o.pid()));
        a.add("-v" + o.logLevel());
        for (CriuFlag f : o.flags()) {
            a.add(f.commandLineOption().orElseThrow(() -> new IllegalArgumentException(
                    f.criuName() + " exists only through libcriu: the criu command has no such option")));
        }
        if (o.ghostLimit() != null) a.add("--ghost-limit=" + o.ghostLimit());
        for (String e : o.external()) a.add("--external=" + e);
        o.extMountMap().forEach((k, v) -> a.add("--ext-mount-map=" + k + ":" + v));
        for (String m : o.skipMounts()) a.add("--skip-mnt=" + m);
        for (String f : o.enableFs()) a.add("--enable-fs=" + f);
        if (o.manageCgroupsMode() != null) a.add("--manage-cgroups=" + o.manageCgroupsMode().criuName());
        if (o.freezeCgroup() != null) a.add("--freeze-cgroup=" + o.freezeCgroup());
        if (o.networkLock() != null) a.add("--network-lock=" + o.networkLock().criuName());
        if (o.parentImages() != null) a.add("--prev-images-dir=" + o.parentImages());
        if (o.timeoutSeconds() > 0) a.add("--timeout=" + o.timeoutSeconds());
        return a;
    }
}
