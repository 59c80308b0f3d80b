package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each cause of the failure catalog, provoked for real: the exception names the cause and the fix, carries the
 * log's error lines when CRIU ran, and the dumped process is still running afterwards (nothing lost).
 */
class FailureCatalogTest {
    @TempDir Path tmp;
    Criu criu;
    Path bin;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void needCriu() {
        bin = Requirements.criu();
        Requirements.libcriu();
        criu = Criu.at(bin);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable r : resources.reversed()) r.close();
    }

    <T extends AutoCloseable> T keep(T r) {
        resources.add(r);
        return r;
    }

    static CriuException expect(FailureCause cause, org.junit.jupiter.api.function.Executable call) {
        CriuException e = assertThrows(CriuException.class, call);
        assertEquals(cause, e.kind().orElse(null), "cause: " + e.cause() + "\nlog lines: " + e.logLines());
        assertEquals(cause.fix(), e.fix().orElseThrow().substring(0, cause.fix().length()));
        return e;
    }

    @Test
    void controllingTerminalAsksForShellJob() throws Exception {
        Workload script = keep(Workload.command("script", "-qfc", "exec sleep 600", "/dev/null"));
        Workload.await(() -> !Workload.children(script.pid()).isEmpty(), Duration.ofSeconds(10), "script's child");
        int sleeper = Workload.children(script.pid()).getFirst();
        Workload.await(() -> comm(sleeper).equals("sleep"), Duration.ofSeconds(10), "the sleep under a terminal");
        CriuException e = expect(FailureCause.CONTROLLING_TERMINAL,
                () -> criu.dump(DumpOptions.builder(sleeper, tmp.resolve("images")).build()));
        assertTrue(e.fix().orElseThrow().contains("shellJob(true)"));
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("tty")), e.logLines().toString());
        assertTrue(Files.isRegularFile(e.logPath().orElseThrow()));
        assertTrue(Workload.alive(sleeper), "the process runs on after the failed dump");
    }

    @Test
    void externalUnixSocketAsksForExtUnixSk() throws Exception {
        Path sock = tmp.resolve("u.sock");
        ServerSocketChannel server = keep(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
        server.bind(UnixDomainSocketAddress.of(sock));
        List<SocketChannel> accepted = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try { accepted.add(server.accept()); } catch (IOException ignored) { }
        });
        Workload w = keep(Workload.plain("exec /usr/bin/python3 -c 'import socket,time; s=socket.socket(socket.AF_UNIX); "
                + "s.connect(\"" + sock + "\"); time.sleep(600)'"));
        Workload.await(() -> !accepted.isEmpty(), Duration.ofSeconds(10), "the client to connect");
        keep(accepted.getFirst());
        CriuException e = expect(FailureCause.EXTERNAL_UNIX_SOCKET,
                () -> criu.dump(DumpOptions.builder(w.pid(), tmp.resolve("images")).build()));
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("External socket is used")), e.logLines().toString());
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void missingIptablesRestoreIsNamed() throws Exception {
        // CRIU finds iptables-restore through PATH: run the very same CRIU with a PATH that has only sh in it.
        Path onlySh = Files.createDirectory(tmp.resolve("only-sh"));
        Files.copy(Path.of("/bin/sh"), onlySh.resolve("sh"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path wrapper = tmp.resolve("criu-without-iptables");
        Files.writeString(wrapper, "#!/bin/sh\nPATH=" + onlySh + " exec " + bin + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        ServerSocket server = keep(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        List<Socket> accepted = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try { accepted.add(server.accept()); } catch (IOException ignored) { }
        });
        Workload w = keep(Workload.inPidNamespace("exec /usr/bin/python3 -c 'import socket,time; "
                + "s=socket.create_connection((\"127.0.0.1\", " + server.getLocalPort() + ")); time.sleep(600)'"));
        Workload.await(() -> !accepted.isEmpty(), Duration.ofSeconds(10), "the client to connect");
        keep(accepted.getFirst());
        CriuException e = expect(FailureCause.NETWORK_LOCK_TOOL_MISSING, () -> Criu.at(wrapper)
                .dump(DumpOptions.builder(w.pid(), tmp.resolve("images")).tcpEstablished(true).build()));
        assertTrue(e.fix().orElseThrow().contains("apt-get install iptables"));
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void preDumpWithoutMemoryTrackingFailsBeforeCriuRuns() throws Exception {
        Workload w = keep(Workload.inPidNamespace("while :; do sleep 0.1; done"));
        Path images = tmp.resolve("images");
        if (criu.features().memoryTracking()) {
            DumpResult r = criu.preDump(DumpOptions.builder(w.pid(), images).build());
            assertTrue(r.stats().orElseThrow().pagesWritten() > 0);
            return;
        }
        CriuException e = expect(FailureCause.MEMORY_TRACKING_UNAVAILABLE,
                () -> criu.preDump(DumpOptions.builder(w.pid(), images).build()));
        assertTrue(e.cause().contains("mem_track: no"), e.cause());
        assertFalse(e.cause().contains("BUG"));
        try (var files = Files.list(images)) {
            assertEquals(List.of(), files.toList(), "CRIU was not called: no log, no images");
        }
        assertTrue(Workload.alive(w.pid()));
        expect(FailureCause.MEMORY_TRACKING_UNAVAILABLE,
                () -> criu.dump(DumpOptions.builder(w.pid(), images).trackMem(true).build()));
    }

    @Test
    void pidInUseAtRestoreSaysWhichAndWho() throws Exception {
        Workload w = keep(Workload.plain("while :; do sleep 0.1; done"));
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).leaveRunning(true).build());
        CriuException e = expect(FailureCause.PID_IN_USE, () -> criu.restore(RestoreOptions.builder(images).build()));
        assertTrue(e.cause().contains("pid " + w.pid() + " of the images is in use: sh (pid " + w.pid() + ", running"), e.cause());
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Can't fork for " + w.pid())), e.logLines().toString());
        assertTrue(e.logPath().orElseThrow().getFileName().toString().startsWith("restore-"));
    }

    @Test
    void aDirectoryThatHoldsADumpIsRefused() throws Exception {
        Workload w = keep(Workload.inPidNamespace("while :; do sleep 0.1; done"));
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).leaveRunning(true).build());
        byte[] inventory = Files.readAllBytes(images.resolve("inventory.img"));
        expect(FailureCause.IMAGES_DIR_NOT_EMPTY, () -> criu.dump(DumpOptions.builder(w.pid(), images).build()));
        assertTrue(java.util.Arrays.equals(inventory, Files.readAllBytes(images.resolve("inventory.img"))), "old dump untouched");
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void missingParentImagesAreNamed() throws Exception {
        Workload w = keep(Workload.inPidNamespace("while :; do sleep 0.1; done"));
        CriuException e = expect(FailureCause.PARENT_IMAGES_MISSING, () -> criu.dump(DumpOptions.builder(w.pid(),
                tmp.resolve("images")).parentImages(Path.of("../nothere")).build()));
        assertTrue(e.cause().contains("../nothere"), e.cause());
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void aProcessThatDoesNotExist() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        expect(FailureCause.PROCESS_NOT_FOUND, () -> criu.dump(DumpOptions.builder((int) p.pid(), tmp.resolve("images")).build()));
    }

    @Test
    void aProcessOfAnotherUserNeedsCapSysResource() throws Exception {
        Workload w = keep(Workload.command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "600"));
        Workload.await(() -> comm(w.pid()).equals("sleep"), Duration.ofSeconds(10), "setpriv to exec sleep");
        Path images = tmp.resolve("images");
        if (Capabilities.ofThisProcess().has(24)) {
            // Where root has CAP_SYS_RESOURCE (the VM), the same tree dumps: the cause is the capability, nothing else.
            criu.dump(DumpOptions.builder(w.pid(), images).leaveRunning(true).build());
            assertTrue(Workload.alive(w.pid()));
            return;
        }
        CriuException e = expect(FailureCause.OTHER_USER_NEEDS_CAP_SYS_RESOURCE,
                () -> criu.dump(DumpOptions.builder(w.pid(), images).build()));
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Can't get rlimit")), e.logLines().toString());
        assertTrue(e.fix().orElseThrow().contains("Capabilities.ofThisProcess().missing()"), e.fix().orElseThrow());
        assertTrue(e.cause().endsWith("(pid " + w.pid() + " runs as nobody (uid 65534))"), e.cause());
        assertTrue(Workload.alive(w.pid()), "the process runs on after the refusal");
    }

    @Test
    void aProcessOfAnotherUserAsThePidNamespaceInitIsNamed() throws Exception {
        // How a service was first started for the compatibility matrix: its own pid namespace, then its own user.
        // CRIU's parasite runs as that user and first makes a /proc mount point in the task's working directory.
        String asNobody = "exec setpriv --reuid=65534 --regid=65534 --clear-groups sleep 600";
        Workload unwritable = keep(Workload.inPidNamespace("cd " + tmp + " && " + asNobody));
        Workload.await(() -> comm(unwritable.pid()).equals("sleep"), Duration.ofSeconds(10), "setpriv to exec sleep");
        expect(FailureCause.PROC_MOUNTPOINT_READ_ONLY,
                () -> criu.dump(DumpOptions.builder(unwritable.pid(), tmp.resolve("images-1")).build()));
        assertTrue(Workload.alive(unwritable.pid()));
        // In a directory it can write, the next refusal: its /proc is not its pid namespace's.
        Path writable = Files.createDirectories(Path.of("/tmp", "cr-catalog-" + ProcessHandle.current().pid()));
        keep(() -> Files.deleteIfExists(writable));
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwxrwx"));
        Workload w = keep(Workload.inPidNamespace("cd " + writable + " && " + asNobody));
        Workload.await(() -> comm(w.pid()).equals("sleep"), Duration.ofSeconds(10), "setpriv to exec sleep");
        CriuException e = expect(FailureCause.OTHER_USER_PID_NAMESPACE_INIT,
                () -> criu.dump(DumpOptions.builder(w.pid(), tmp.resolve("images-2")).build()));
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("whose /proc doesn't belong to it")), e.logLines().toString());
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void aWorkloadStartedByIpNetnsExecIsInAMountNamespaceOfItsOwn() throws Exception {
        String ns = "crf-" + ProcessHandle.current().pid() + "-" + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000);
        run("ip", "netns", "add", ns);
        keep(() -> run("ip", "netns", "del", ns));
        // The workload's descriptors are opened inside, so that the mount namespace is the only difference.
        Workload w = keep(Workload.command("ip", "netns", "exec", ns, "sh", "-c",
                "exec sleep 600 </dev/null >/dev/null 2>&1"));
        Workload.await(() -> comm(w.pid()).equals("sleep"), Duration.ofSeconds(10), "ip netns exec to exec sleep");
        CriuException e = expect(FailureCause.OTHER_MOUNT_NAMESPACE,
                () -> criu.dump(DumpOptions.builder(w.pid(), tmp.resolve("images")).build()));
        // CRIU's own hint ("Try --enable-external-masters") comes out as the engine's option.
        assertTrue(e.fix().orElseThrow().contains("extMasters(true)"), e.fix().orElseThrow());
        assertFalse(e.fix().orElseThrow().contains("--enable-external-masters"), e.fix().orElseThrow());
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Try --enable-external-masters")), e.logLines().toString());
        assertTrue(Workload.alive(w.pid()));
        // The fix works: the same program entered into the network namespace only (nsenter --net) dumps.
        Workload fixed = keep(Workload.command("nsenter", "--net=/run/netns/" + ns, "sleep", "600"));
        Workload.await(() -> comm(fixed.pid()).equals("sleep"), Duration.ofSeconds(10), "nsenter to exec sleep");
        criu.dump(DumpOptions.builder(fixed.pid(), tmp.resolve("fixed")).leaveRunning(true).build());
        assertTrue(Workload.alive(fixed.pid()));
    }

    @Test
    void aFileTheTreeHoldsThatIsGoneAtRestoreIsNamed() throws Exception {
        Path held = Files.writeString(tmp.resolve("held.txt"), "data the process reads");
        Workload w = keep(Workload.inPidNamespace("exec 3< " + held + "; while :; do sleep 0.1; done"));
        Workload.await(() -> Files.exists(Path.of("/proc", Integer.toString(w.pid()), "fd", "3")), Duration.ofSeconds(10), "the fd");
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).build());
        w.awaitGone();
        Files.delete(held);
        CriuException e = expect(FailureCause.FILE_MISSING_AT_RESTORE, () -> criu.restore(RestoreOptions.builder(images).build()));
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains(held.toString().substring(1))), e.logLines().toString());
    }

    @Test
    void aDescriptorOpenedInAnotherMountNamespaceIsNamed() throws Exception {
        String ns = "crf-" + ProcessHandle.current().pid() + "-" + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000);
        run("ip", "netns", "add", ns);
        keep(() -> run("ip", "netns", "del", ns));
        // Standard streams opened here, then `ip netns exec` gives the process a mount namespace of its own; CRIU run
        // in that namespace (so that the namespace itself is not dumped) cannot find their mount.
        Workload w = keep(Workload.command("ip", "netns", "exec", ns, "sleep", "600"));
        Workload.await(() -> comm(w.pid()).equals("sleep"), Duration.ofSeconds(10), "ip netns exec to exec sleep");
        Path inside = tmp.resolve("criu-in-its-mount-namespace");
        Files.writeString(inside, "#!/bin/sh\nexec nsenter -t " + w.pid() + " -m " + bin + " \"$@\"\n");
        Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rwx------"));
        expect(FailureCause.FILE_OUTSIDE_MOUNT_NAMESPACE,
                () -> Criu.at(inside).dump(DumpOptions.builder(w.pid(), tmp.resolve("images")).build()));
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void anErrorNoCauseMatchesShowsCriusFirstErrorAndSaysSo() throws Exception {
        // CRIU's own fault injection (CRIU_FAULT=3: "Dump VMA pages failure!") makes a real CRIU error that no
        // cause of the catalogue is about.
        Path wrapper = tmp.resolve("criu-failing-pages");
        Files.writeString(wrapper, "#!/bin/sh\nCRIU_FAULT=3 exec " + bin + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Workload w = keep(Workload.inPidNamespace("while :; do sleep 0.1; done"));
        CriuException e = assertThrows(CriuException.class,
                () -> Criu.at(wrapper).dump(DumpOptions.builder(w.pid(), tmp.resolve("images")).build()));
        assertTrue(e.kind().isEmpty(), "no cause: " + e.kind());
        assertTrue(e.cause().contains("fault: Dump VMA pages failure!"), e.cause());
        assertTrue(e.cause().contains("not catalogued"), e.cause());
        assertFalse(e.cause().contains("Error (criu/"), "the message without CRIU's source position: " + e.cause());
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Dump VMA pages failure")), e.logLines().toString());
        assertTrue(e.fix().orElseThrow().contains("report"), e.fix().orElseThrow());
        assertTrue(Files.isRegularFile(e.logPath().orElseThrow()));
        assertTrue(Workload.alive(w.pid()));
    }

    static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String comm(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
