package dev.cr.engine.image;

import dev.cr.engine.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real processes dumped with the real CRIU, to give the codec tests images of many kinds: a
 * sleeping process; a shell holding a pipe with unread data; a Python process with a socket pair
 * holding a queued message and a listening TCP socket. Each dump kills its process tree.
 */
final class Workloads {
    private Workloads() {}

    static final List<List<String>> COMMANDS = List.of(
            List.of("sleep", "1000"),
            List.of("bash", "-c", "exec 5< <(echo piped-data; exec sleep 1000); exec sleep 1000"),
            List.of("/usr/bin/python3", "-c", String.join("\n",
                    "import ctypes, os, select, signal, socket, tempfile, time",
                    "a, b = socket.socketpair()",
                    "a.send(b'queued message')",
                    "s = socket.socket()",
                    "s.bind(('127.0.0.1', 0))",
                    "s.listen()",
                    "c = socket.create_connection(s.getsockname())",
                    "d, _ = s.accept()",
                    "c.send(b'unread tcp bytes')",
                    "s6 = socket.socket(socket.AF_INET6)",
                    "s6.bind(('::1', 0))",
                    "s6.listen()",
                    "u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                    "u.bind(b'\\0cr-image-test= ' + str(time.time()).encode())",
                    "g = tempfile.NamedTemporaryFile(prefix='cr-ghost-')",
                    "g.write(b'ghost content ' * 100); g.flush()",
                    "os.unlink(g.name)",
                    "fifo = tempfile.mktemp(prefix='cr-fifo-')",
                    "os.mkfifo(fifo)",
                    "fr = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)",
                    "fw = os.open(fifo, os.O_WRONLY)",
                    "os.write(fw, b'fifo data')",
                    "e = os.eventfd(7)",
                    "ep = select.epoll()",
                    "ep.register(e, select.EPOLLIN)",
                    "libc = ctypes.CDLL(None, use_errno=True)",
                    "ino = libc.inotify_init1(0)",
                    "libc.inotify_add_watch(ino, b'/tmp', 0x100)",
                    "m = os.memfd_create('cr-memfd')",
                    "os.write(m, b'memfd content')",
                    "signal.signal(signal.SIGUSR1, lambda *x: None)",
                    "signal.setitimer(signal.ITIMER_REAL, 1000, 1000)",
                    "print('ready', flush=True)",
                    "time.sleep(1000)")),
            // System V IPC lives in the IPC namespace: the workload gets its own (and a pid namespace,
            // whose init is dumped); CRIU then writes ipcns-shm/sem/msg images
            List.of("unshare", "--ipc", "--pid", "--fork", "setsid", "/usr/bin/python3", "-c", String.join("\n",
                    "import ctypes, time",
                    "libc = ctypes.CDLL(None, use_errno=True)",
                    "libc.shmat.restype = ctypes.c_void_p",
                    "shm = libc.shmget(0, 5000, 0o1000 | 0o600)",
                    "addr = libc.shmat(shm, None, 0)",
                    "ctypes.memmove(addr, b'shared memory text', 18)",
                    "sem = libc.semget(0, 3, 0o1000 | 0o600)",
                    "libc.semctl(sem, 1, 16, 42)",
                    "msq = libc.msgget(0, 0o1000 | 0o600)",
                    "class Msg(ctypes.Structure):",
                    "    _fields_ = [('mtype', ctypes.c_long), ('mtext', ctypes.c_char * 32)]",
                    "libc.msgsnd(msq, ctypes.byref(Msg(5, b'queued sysv message')), 19, 0)",
                    "libc.msgsnd(msq, ctypes.byref(Msg(7, b'second')), 6, 0)",
                    "print('ready', flush=True)",
                    "time.sleep(1000)")));

    /** Dumps each workload into {@code parent}/w0, w1, ...; returns the directories. */
    static List<Path> dumpAll(Path parent) throws IOException, InterruptedException {
        Path criu = Requirements.criu();
        List<Path> dirs = new java.util.ArrayList<>();
        for (int i = 0; i < COMMANDS.size(); i++) {
            Path dir = Files.createDirectories(parent.resolve("w" + i));
            dump(criu, COMMANDS.get(i), dir);
            dirs.add(dir);
        }
        return dirs;
    }

    private static void dump(Path criu, List<String> command, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("setsid"));
        cmd.addAll(command);
        Path out = dir.resolve("workload.out");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // give the workload time to set up its pipes and sockets
            while (System.nanoTime() < deadline && command.contains("/usr/bin/python3") && !Files.readString(out).contains("ready"))
                Thread.sleep(20);
            Thread.sleep(300);
            // with unshare --fork the tree to dump starts at unshare's child, the namespace's init
            long pid = command.getFirst().equals("unshare")
                    ? p.children().findFirst().orElseThrow(() -> new IOException("unshare has no child")).pid() : p.pid();
            Process d = new ProcessBuilder(criu.toString(), "dump", "-t", Long.toString(pid), "-D", dir.toString(),
                    "-o", "dump.log", "--shell-job", "--tcp-established", "--ext-unix-sk", "--file-locks").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("criu.out").toFile()).start();
            if (!d.waitFor(60, TimeUnit.SECONDS) || d.exitValue() != 0)
                throw new IOException("criu dump of " + command + " failed: " + Files.readString(dir.resolve("dump.log")));
            p.waitFor(10, TimeUnit.SECONDS); // unshare exits when its child is killed by the dump
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
