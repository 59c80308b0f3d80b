package dev.cr.ffm.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Starts a helper program connected to this process by a socket, without forking the JVM: {@code socketpair} with
 * both ends close-on-exec, then {@code posix_spawn} handing the child its end at the same number (so it loses the
 * flag) and starting it with no blocked signal and every signal at its default action. The child's command line is
 * the program, then the given arguments, then its end's descriptor number ({@code criu swrk FD}).
 */
public final class WorkerSpawn {
    private WorkerSpawn() {}

    /** The call that can fail. */
    public enum Step { SOCKETPAIR, POSIX_SPAWN }

    /**
     * A started child and this process's end of the socket; or, when {@code error} is not 0, the errno of the step
     * that failed ({@code failedStep}) and no child.
     */
    public record Spawned(int pid, int fd, int error, Step failedStep) {
        public boolean started() { return error == 0; }
    }

    /** Starts {@code program args... FD} over a {@code SOCK_SEQPACKET} socketpair. */
    public static Spawned start(String program, String... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            MemorySegment sv = arena.allocate(ValueLayout.JAVA_INT, 2);
            if (sys_socket_h.socketpair(errno, sys_socket_h.AF_UNIX(), sys_socket_h.SOCK_SEQPACKET() | sys_socket_h.SOCK_CLOEXEC(), 0, sv) != 0)
                return new Spawned(-1, -1, errno_h.errno(errno), Step.SOCKETPAIR);
            int fd = sv.getAtIndex(ValueLayout.JAVA_INT, 0);
            int childEnd = sv.getAtIndex(ValueLayout.JAVA_INT, 1);
            MemorySegment actions = posix_spawn_file_actions_t.allocate(arena);
            MemorySegment attr = posix_spawnattr_t.allocate(arena);
            int rc;
            int pid;
            spawn_h.posix_spawn_file_actions_init(actions);
            spawn_h.posix_spawnattr_init(attr);
            try {
                spawn_h.posix_spawn_file_actions_adddup2(actions, childEnd, childEnd);  // same number: drops CLOEXEC
                MemorySegment none = sigset_t.allocate(arena);
                MemorySegment all = sigset_t.allocate(arena);
                signal_h.sigemptyset(none);
                signal_h.sigfillset(all);
                spawn_h.posix_spawnattr_setsigmask(attr, none);
                spawn_h.posix_spawnattr_setsigdefault(attr, all);
                spawn_h.posix_spawnattr_setflags(attr, (short) (spawn_h.POSIX_SPAWN_SETSIGMASK() | spawn_h.POSIX_SPAWN_SETSIGDEF()));
                MemorySegment path = arena.allocateFrom(program);
                MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, args.length + 3L);
                argv.setAtIndex(ValueLayout.ADDRESS, 0, path);
                for (int i = 0; i < args.length; i++) argv.setAtIndex(ValueLayout.ADDRESS, i + 1, arena.allocateFrom(args[i]));
                argv.setAtIndex(ValueLayout.ADDRESS, args.length + 1, arena.allocateFrom(Integer.toString(childEnd)));
                argv.setAtIndex(ValueLayout.ADDRESS, args.length + 2, MemorySegment.NULL);
                MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
                rc = spawn_h.posix_spawn(pidOut, path, actions, attr, argv, unistd_h.environ());
                pid = rc == 0 ? pidOut.get(ValueLayout.JAVA_INT, 0) : -1;
            } finally {
                spawn_h.posix_spawn_file_actions_destroy(actions);
                spawn_h.posix_spawnattr_destroy(attr);
                fcntl_h.close(errno, childEnd);
            }
            if (rc != 0) {
                fcntl_h.close(errno, fd);
                return new Spawned(-1, -1, rc, Step.POSIX_SPAWN);
            }
            return new Spawned(pid, fd, 0, null);
        }
    }
}
