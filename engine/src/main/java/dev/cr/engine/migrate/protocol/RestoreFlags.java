package dev.cr.engine.migrate.protocol;

import dev.cr.engine.criu.CgroupMode;
import dev.cr.engine.criu.CriuFlag;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.RestoreOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The restore-side CRIU options that travel in a Restore frame: the ones a dump made with them needs again when
 * the target restores (a tree dumped with {@code --tcp-established} must be restored with it, and so on). Only
 * yes/no options and the cgroup mode: nothing that names a path, a mount or a file descriptor of the target, which
 * the source has no business choosing. A name the target does not know is refused, not ignored.
 */
public final class RestoreFlags {
    /** The yes/no options a source may ask the target to restore with (an allow-list: the rest are refused). */
    private static final Set<CriuFlag> ALLOWED = Collections.unmodifiableSet(EnumSet.of(CriuFlag.SHELL_JOB,
            CriuFlag.TCP_ESTABLISHED, CriuFlag.TCP_CLOSE, CriuFlag.EXT_UNIX_SK, CriuFlag.FILE_LOCKS,
            CriuFlag.EVASIVE_DEVICES, CriuFlag.EXT_SHARING, CriuFlag.EXT_MASTERS, CriuFlag.WEAK_SYSCTLS));
    private static final String MANAGE_CGROUPS = "manage-cgroups=";

    private RestoreFlags() {}

    /** What the target needs of {@code dump}'s options to restore what it dumped. */
    public static List<String> of(DumpOptions dump) {
        List<String> o = new ArrayList<>();
        for (CriuFlag f : ALLOWED) if (dump.has(f)) o.add(f.criuName());
        if (dump.manageCgroupsMode() != null) o.add(MANAGE_CGROUPS + dump.manageCgroupsMode().criuName());
        return o;
    }

    /** Applies {@code flags} (from a source) to a restore; a flag this target does not know is a protocol error. */
    public static RestoreOptions.Builder apply(List<String> flags, RestoreOptions.Builder b) {
        for (String f : flags) {
            if (f.startsWith(MANAGE_CGROUPS)) {
                try {
                    b.manageCgroupsMode(CgroupMode.parse(f.substring(MANAGE_CGROUPS.length())));
                } catch (IllegalArgumentException e) {
                    throw new ProtocolError("unknown cgroup mode in restore option '" + f + "'");
                }
                continue;
            }
            CriuFlag flag = CriuFlag.byCriuName(f).filter(ALLOWED::contains)
                    .orElseThrow(() -> new ProtocolError("restore option '" + f + "' is not one a source may ask for"));
            b.set(flag, true);
        }
        return b;
    }
}
