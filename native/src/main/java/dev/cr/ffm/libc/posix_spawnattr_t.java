package dev.cr.ffm.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * {@snippet lang=c :
 * typedef struct {
 *     short __flags;
 *     pid_t __pgrp;
 *     sigset_t __sd;
 *     sigset_t __ss;
 *     struct sched_param __sp;
 *     int __policy;
 *     int __pad[16];
 * } posix_spawnattr_t;
 * }
 * Opaque to Java: made by {@link spawn_h#posix_spawnattr_init}, set through the {@code posix_spawnattr_set*}
 * functions, freed by {@link spawn_h#posix_spawnattr_destroy}.
 */
public final class posix_spawnattr_t {
    private posix_spawnattr_t() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            Libc.C_SHORT.withName("__flags"),
            MemoryLayout.paddingLayout(2),
            Libc.C_INT.withName("__pgrp"),
            sigset_t.layout().withName("__sd"),
            sigset_t.layout().withName("__ss"),
            MemoryLayout.structLayout(Libc.C_INT.withName("sched_priority")).withName("__sp"),
            Libc.C_INT.withName("__policy"),
            MemoryLayout.sequenceLayout(16, Libc.C_INT).withName("__pad")
    ).withName("posix_spawnattr_t");

    /** The layout of this struct. */
    public static GroupLayout layout() { return $LAYOUT; }

    /** Allocates one zeroed struct in {@code arena}. */
    public static MemorySegment allocate(Arena arena) { return arena.allocate(layout()); }
}
