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

    static FailureCause cause(String... lines) {
        return CriuLog.of(P, List.of(lines)).cause().orElseThrow();
    }
}
