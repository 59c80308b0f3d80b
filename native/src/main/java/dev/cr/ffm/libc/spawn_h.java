package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;
import static dev.cr.ffm.libc.Libc.C_SHORT;

/**
 * {@code <spawn.h>}: starting a program without forking this process. glibc's {@code posix_spawn} runs the child
 * on a small stack of its own in this process's address space until it execs ({@code CLONE_VM | CLONE_VFORK}),
 * so its cost does not grow with the size of the JVM the way {@code fork} does. The functions return an error
 * number rather than setting errno.
 */
public final class spawn_h {
    private spawn_h() {}

    /** {@snippet lang=c : #define POSIX_SPAWN_SETSIGDEF 0x04 } */
    public static short POSIX_SPAWN_SETSIGDEF() { return 0x04; }
    /** {@snippet lang=c : #define POSIX_SPAWN_SETSIGMASK 0x08 } */
    public static short POSIX_SPAWN_SETSIGMASK() { return 0x08; }

    private static MethodHandle h(String name, FunctionDescriptor fd) { return Libc.handle(name, fd); }

    private static final MethodHandle POSIX_SPAWN = h("posix_spawn",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
    private static final MethodHandle FA_INIT = h("posix_spawn_file_actions_init", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle FA_DESTROY = h("posix_spawn_file_actions_destroy", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle FA_ADDDUP2 = h("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT));
    private static final MethodHandle ATTR_INIT = h("posix_spawnattr_init", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle ATTR_DESTROY = h("posix_spawnattr_destroy", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle ATTR_SETFLAGS = h("posix_spawnattr_setflags", FunctionDescriptor.of(C_INT, C_POINTER, C_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = h("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle ATTR_SETSIGDEFAULT = h("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));

    /**
     * {@snippet lang=c : int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *file_actions,
     *     const posix_spawnattr_t *attrp, char *const argv[], char *const envp[]); }
     */
    public static int posix_spawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions, MemorySegment attrp,
                                  MemorySegment argv, MemorySegment envp) {
        try {
            return (int) POSIX_SPAWN.invokeExact(pid, path, fileActions, attrp, argv, envp);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions); } */
    public static int posix_spawn_file_actions_init(MemorySegment fileActions) {
        try {
            return (int) FA_INIT.invokeExact(fileActions);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions); } */
    public static int posix_spawn_file_actions_destroy(MemorySegment fileActions) {
        try {
            return (int) FA_DESTROY.invokeExact(fileActions);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c : int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *file_actions, int fildes, int newfildes); }
     * With {@code fildes == newfildes} the child gets the descriptor without its close-on-exec flag (POSIX 2024,
     * glibc since 2.29).
     */
    public static int posix_spawn_file_actions_adddup2(MemorySegment fileActions, int fildes, int newfildes) {
        try {
            return (int) FA_ADDDUP2.invokeExact(fileActions, fildes, newfildes);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawnattr_init(posix_spawnattr_t *attr); } */
    public static int posix_spawnattr_init(MemorySegment attr) {
        try {
            return (int) ATTR_INIT.invokeExact(attr);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawnattr_destroy(posix_spawnattr_t *attr); } */
    public static int posix_spawnattr_destroy(MemorySegment attr) {
        try {
            return (int) ATTR_DESTROY.invokeExact(attr);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags); } */
    public static int posix_spawnattr_setflags(MemorySegment attr, short flags) {
        try {
            return (int) ATTR_SETFLAGS.invokeExact(attr, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *sigmask); } */
    public static int posix_spawnattr_setsigmask(MemorySegment attr, MemorySegment sigmask) {
        try {
            return (int) ATTR_SETSIGMASK.invokeExact(attr, sigmask);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int posix_spawnattr_setsigdefault(posix_spawnattr_t *attr, const sigset_t *sigdefault); } */
    public static int posix_spawnattr_setsigdefault(MemorySegment attr, MemorySegment sigdefault) {
        try {
            return (int) ATTR_SETSIGDEFAULT.invokeExact(attr, sigdefault);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
