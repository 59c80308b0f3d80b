package dev.cr.engine.criu;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log reader on lines recorded from real CRIU 4.2.1 failures on this machine. */
class CriuLogTest {
    static final Path P = Path.of("dump.log");

    @Test
    void explanationKeepsErrorsWithContextAndDropsTheRlimitLine() {
        CriuLog log = CriuLog.of(P, List.of(
                "(00.035058) Adjust mmap_min_addr 0x1000 -> 0x10000",
                "(00.035100) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted",
                "(00.035386) No pidns-1.img image",
                "(00.035427) Forking task with 18332 pid (flags 0x0)",
                "(00.035429) Creating process using clone3()",
                "(00.035721) Error (criu/cr-restore.c:1237): Can't fork for 18332: File exists",
                "(00.035744) Error (criu/cr-restore.c:2331): Restoring FAILED."));
        assertEquals(List.of(
                "(00.035386) No pidns-1.img image",
                "(00.035427) Forking task with 18332 pid (flags 0x0)",
                "(00.035429) Creating process using clone3()",
                "(00.035721) Error (criu/cr-restore.c:1237): Can't fork for 18332: File exists",
                "(00.035744) Error (criu/cr-restore.c:2331): Restoring FAILED."), log.explanation());
        assertEquals(2, log.errors().size());
        assertEquals(FailureCause.PID_IN_USE, log.cause().orElseThrow());
        assertEquals(18332, log.pidInUse().orElseThrow());
    }

    @Test
    void onlyTheHarmlessLineMeansNoCause() {
        CriuLog log = CriuLog.of(P, List.of(
                "(00.066779) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted",
                "(00.071113) Dumping finished successfully"));
        assertEquals(List.of(), log.errors());
        assertEquals(List.of(), log.explanation());
        assertTrue(log.cause().isEmpty());
    }

    @Test
    void eachRecordedFailureIsClassified() {
        assertEquals(FailureCause.CONTROLLING_TERMINAL, cause("(00.135544) Error (criu/tty.c:410): tty: Found slave peer index 1 without correspond master peer"));
        assertEquals(FailureCause.TCP_ESTABLISHED, cause("(00.059197) Error (criu/sk-inet.c:200): inet: Connected TCP socket, consider using --tcp-established option."));
        assertEquals(FailureCause.EXTERNAL_UNIX_SOCKET, cause("(00.081536) Error (criu/sk-unix.c:874): unix: External socket is used. Consider using --ext-unix-sk option."));
        assertEquals(FailureCause.NETWORK_LOCK_TOOL_MISSING, cause("sh: 1: iptables: not found",
                "(00.205723) Error (criu/util.c:657): exited, status=127",
                "(00.205749) Error (criu/netfilter.c:105): Iptables configuration failed"));
        assertEquals(FailureCause.MEMORY_TRACKING_UNAVAILABLE, cause("(00.075137) Error (criu/mem.c:46): BUG at criu/mem.c:46"));
        assertEquals(FailureCause.PARENT_IMAGES_MISSING, cause("Error (criu/image.c:742): Invalid parent image directory provided: No such file or directory"));
        assertEquals(FailureCause.PROC_MOUNTPOINT_TAKEN, cause("pie: 1: __fetched msg: 72 0 0",
                "pie: 1: Error (criu/pie/parasite.c:634): Can't create a directory (-17)",
                "pie: 1: Error (criu/pie/parasite.c:657): Can't get /proc fd",
                "(00.168368) Error (criu/parasite-syscall.c:300): Can't retrieve FD from socket",
                "(00.168376) Error (criu/cr-dump.c:1494): Can't get proc fd (pid: 11084)"));
        // Seen in the test VM, whose shared host root is read-only, dumping a pid-namespace init started there.
        assertEquals(FailureCause.PROC_MOUNTPOINT_READ_ONLY, cause(
                "pie: 1: Error (criu/pie/parasite.c:634): Can't create a directory (-30)",
                "pie: 1: Error (criu/pie/parasite.c:657): Can't get /proc fd",
                "(00.286352) Error (criu/parasite-syscall.c:300): Can't retrieve FD from socket",
                "(00.286720) Error (criu/cr-dump.c:1494): Can't get proc fd (pid: 188)"));
        assertTrue(CriuLog.of(P, List.of("(00.1) Error (criu/cr-dump.c:1975): Dumping FAILED.")).cause().isEmpty());
    }

    @Test
    void failuresOfRealProgramsAreClassified() {
        // Recorded here from nginx's www-data worker, a workload of `ip netns exec`, and a JVM restored after
        // another JVM started.
        assertEquals(FailureCause.OTHER_USER_NEEDS_CAP_SYS_RESOURCE, cause(
                "(00.030120) Error (criu/cr-dump.c:389): Can't get rlimit 0: Operation not permitted",
                "(00.030130) Error (criu/cr-dump.c:1584): Dump core (pid: 20042) failed with -1"));
        assertEquals(FailureCause.OTHER_USER_PID_NAMESPACE_INIT, cause(
                "pie: 1: Error (criu/pie/parasite.c:641): can't dump unprivileged task whose /proc doesn't belong to it",
                "pie: 1: Error (criu/pie/parasite.c:657): Can't get /proc fd",
                "(00.100504) Error (criu/parasite-syscall.c:300): Can't retrieve FD from socket"));
        assertEquals(FailureCause.OTHER_MOUNT_NAMESPACE, cause("(00.2) Error (criu/mount.c:1092): mnt: Mount 74 "
                + "./run/netns/crz-77 (master_id: 4 shared_id: 0) has unreachable sharing. Try --enable-external-masters."));
        assertEquals(FailureCause.FILE_OUTSIDE_MOUNT_NAMESPACE,
                cause("(00.2) Error (criu/files-reg.c:1790): Can't lookup mount=24 for fd=0 path=/dev/null"));
        assertEquals(FailureCause.JVM_PERF_DATA_MISSING, cause(" 12727: Error (criu/files-reg.c:2353): Can't open file "
                + "tmp/hsperfdata_root/12727 on restore: No such file or directory"));
        assertEquals(FailureCause.FILE_MISSING_AT_RESTORE, cause(" 12727: Error (criu/files-reg.c:2353): Can't open file "
                + "var/lib/app/data.bin on restore: No such file or directory"));
    }

    @Test
    void errorsOfTasksAndOfTheParasiteAreErrorsToo() {
        CriuLog log = CriuLog.of(P, List.of(
                " 12727: Error (criu/files-reg.c:2353): Can't open file tmp/hsperfdata_root/12727 on restore: No such file or directory",
                "pie: 1: Error (criu/pie/parasite.c:641): can't dump unprivileged task whose /proc doesn't belong to it",
                "(00.1) 12727: Info: not an error",
                "(00.062892)      1: Error (criu/files.c:1221): Unable to open fd=3 id=0x7"));
        assertEquals(3, log.errors().size(), log.errors().toString());
        assertEquals("Unable to open fd=3 id=0x7", Failure.message(log.errors().getLast()));
    }

    @Test
    void criusHintsBecomeTheEnginesOptions() {
        CriuLog log = CriuLog.of(P, List.of("(00.1) Info: nothing", "(00.2) Error (criu/mount.c:1092): mnt: Mount 74 "
                + "./run/netns/x has unreachable sharing. Try --enable-external-masters."));
        CriuHint h = CriuHint.in(log).orElseThrow();
        assertEquals("--enable-external-masters", h.criuFlag());
        assertEquals("extMasters(true)", h.option().orElseThrow());
        assertTrue(h.advice().contains("suggests the option extMasters(true)"), h.advice());
        assertEquals("shellJob(true)", CriuHint.of("Error (criu/tty.c:1) tty: Consider using --shell-job").orElseThrow().option().orElseThrow());
        assertEquals("tcpEstablished(true)", CriuHint.of("inet: Connected TCP socket, consider using --tcp-established option.")
                .orElseThrow().option().orElseThrow());
        CriuHint unknown = CriuHint.of("Error (x.c:1): Try --some-new-option").orElseThrow();
        assertTrue(unknown.option().isEmpty());
        assertTrue(unknown.advice().contains("--some-new-option, which cr does not pass on yet"), unknown.advice());
        assertTrue(CriuHint.of("(00.1) Error (criu/cr-dump.c:1975): Dumping FAILED.").isEmpty());
    }

    @Test
    void theMessageOfALineLosesItsTimeAndSourcePosition() {
        assertEquals("Can't get rlimit 0: Operation not permitted",
                Failure.message("(00.030120) Error (criu/cr-dump.c:389): Can't get rlimit 0: Operation not permitted"));
        assertEquals("Can't open file x on restore", Failure.message(" 12727: Error (criu/files-reg.c:2353): Can't open file x on restore"));
    }

    static FailureCause cause(String... lines) {
        return CriuLog.of(P, List.of(lines)).cause().orElseThrow();
    }
}
