package dev.cr.engine.criu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux capabilities this process has, and for each one CRIU needs that it lacks, what that rules out.
 * Root is not enough by itself: these machines, for one, give root every capability but CAP_SYS_RESOURCE, and
 * then processes of other users cannot be dumped ("Can't get rlimit 0: Operation not permitted").
 *
 * @param effective the effective set, one bit per capability number (CapEff of /proc/self/status)
 */
public record Capabilities(long effective) {
    /**
     * A capability CRIU needs.
     *
     * @param name     its name ("CAP_SYS_ADMIN")
     * @param number   its number in linux/capability.h
     * @param rulesOut what lacking it rules out, in words
     */
    public record Needed(String name, int number, String rulesOut) {}

    /** Those CRIU needs, from the kernel's numbers (linux/capability.h). */
    public static final List<Needed> NEEDED = List.of(
            new Needed("CAP_SYS_ADMIN", 21, "nothing can be dumped or restored: CRIU needs it for namespaces, "
                    + "/proc/PID/map_files and its parasite"),
            new Needed("CAP_SYS_PTRACE", 19, "nothing can be dumped: CRIU cannot seize the processes"),
            new Needed("CAP_SYS_RESOURCE", 24, "processes of other users cannot be dumped (CRIU cannot read their "
                    + "resource limits: services whose workers run as www-data, postgres and the like)"),
            new Needed("CAP_NET_ADMIN", 12, "established TCP connections cannot be dumped or "
                    + "restored, and CRIU cannot lock the network"),
            new Needed("CAP_SETUID", 7, "processes of other users cannot be restored with their user ids"),
            new Needed("CAP_SETGID", 6, "processes of other groups cannot be restored with their group ids"),
            new Needed("CAP_DAC_OVERRIDE", 1, "files of other users that the processes hold cannot be reopened at restore"),
            new Needed("CAP_DAC_READ_SEARCH", 2, "files behind directories root cannot search cannot be dumped"),
            new Needed("CAP_FOWNER", 3, "the owners and modes of restored files cannot be set"),
            new Needed("CAP_KILL", 5, "processes of other users cannot be stopped after their dump"),
            new Needed("CAP_SYS_CHROOT", 18, "restoring into another root file system is not possible"),
            new Needed("CAP_SYS_NICE", 23, "real-time scheduling and raised priorities are not restored"),
            new Needed("CAP_IPC_OWNER", 15, "System V IPC objects of other users cannot be dumped"),
            new Needed("CAP_CHECKPOINT_RESTORE", 40, "without CAP_SYS_ADMIN too, pids cannot be chosen at restore"));

    /** {@return this process's effective capabilities} */
    public static Capabilities ofThisProcess() {
        try {
            return of(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return new Capabilities(0);
        }
    }

    /** From the text of a {@code /proc/PID/status} file. */
    static Capabilities of(String status) {
        for (String line : status.split("\n"))
            if (line.startsWith("CapEff:")) return new Capabilities(Long.parseUnsignedLong(line.substring(7).trim(), 16));
        return new Capabilities(0);
    }

    /**
     * Whether the effective set holds a capability.
     *
     * @param number the capability's number in linux/capability.h (21 for CAP_SYS_ADMIN)
     * @return true when it is in the set
     */
    public boolean has(int number) {
        return (effective >>> number & 1) != 0;
    }

    /** {@return the needed capabilities this process lacks. CAP_CHECKPOINT_RESTORE counts only without CAP_SYS_ADMIN} */
    public List<Needed> missing() {
        var out = new ArrayList<Needed>();
        for (Needed n : NEEDED) {
            if (has(n.number())) continue;
            if (n.name().equals("CAP_CHECKPOINT_RESTORE") && has(21)) continue;
            out.add(n);
        }
        return out;
    }

    /** {@return whether processes of other users can be dumped here (CRIU reads their rlimits)} */
    public boolean canDumpOtherUsers() {
        return has(24) && has(19) && has(21);
    }
}
