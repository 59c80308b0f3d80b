package dev.cr.engine.migrate.protocol;

import dev.cr.engine.criu.CgroupMode;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.RestoreOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The restore-side CRIU options that travel in a Restore frame: the ones a dump made with them needs again when
 * the target restores (a tree dumped with {@code --tcp-established} must be restored with it, and so on). Only
 * yes/no options and the cgroup mode: nothing that names a path, a mount or a file descriptor of the target, which
 * the source has no business choosing. A name the target does not know is refused, not ignored.
 */
public final class RestoreFlags {
    private static final List<String> SWITCHES = List.of("shell-job", "tcp-established", "tcp-close", "ext-unix-sk",
            "file-locks", "evasive-devices", "ext-sharing", "ext-masters", "weak-sysctls");

    private RestoreFlags() {}

    /** What the target needs of {@code dump}'s options to restore what it dumped. */
    public static List<String> of(DumpOptions dump) {
        List<String> o = new ArrayList<>();
        if (dump.shellJob()) o.add("shell-job");
        if (dump.tcpEstablished()) o.add("tcp-established");
        if (dump.tcpClose()) o.add("tcp-close");
        if (dump.extUnixSk()) o.add("ext-unix-sk");
        if (dump.fileLocks()) o.add("file-locks");
        if (dump.evasiveDevices()) o.add("evasive-devices");
        if (dump.extSharing()) o.add("ext-sharing");
        if (dump.extMasters()) o.add("ext-masters");
        if (dump.weakSysctls()) o.add("weak-sysctls");
        if (dump.manageCgroupsMode() != null) o.add("manage-cgroups=" + dump.manageCgroupsMode().criuName());
        return o;
    }

    /** Applies {@code flags} (from a source) to a restore; a flag this target does not know is a protocol error. */
    public static RestoreOptions.Builder apply(List<String> flags, RestoreOptions.Builder b) {
        for (String f : flags) {
            if (f.startsWith("manage-cgroups=")) {
                try {
                    b.manageCgroupsMode(CgroupMode.parse(f.substring("manage-cgroups=".length())));
                } catch (IllegalArgumentException e) {
                    throw new ProtocolError("unknown cgroup mode in restore option '" + f + "'");
                }
                continue;
            }
            if (!SWITCHES.contains(f)) throw new ProtocolError("restore option '" + f + "' is not one a source may ask for");
            switch (f) {
                case "shell-job" -> b.shellJob(true);
                case "tcp-established" -> b.tcpEstablished(true);
                case "tcp-close" -> b.tcpClose(true);
                case "ext-unix-sk" -> b.extUnixSk(true);
                case "file-locks" -> b.fileLocks(true);
                case "evasive-devices" -> b.evasiveDevices(true);
                case "ext-sharing" -> b.extSharing(true);
                case "ext-masters" -> b.extMasters(true);
                case "weak-sysctls" -> b.weakSysctls(true);
                default -> throw new IllegalStateException(f);
            }
        }
        return b;
    }
}
