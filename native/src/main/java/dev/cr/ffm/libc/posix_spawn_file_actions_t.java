package dev.cr.ffm.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * {@snippet lang=c :
 * typedef struct {
 *     int __allocated;
 *     int __used;
 *     struct __spawn_action *__actions;
 *     int __pad[16];
 * } posix_spawn_file_actions_t;
 * }
 * Opaque to Java: made by {@link spawn_h#posix_spawn_file_actions_init}, freed by
 * {@link spawn_h#posix_spawn_file_actions_destroy}.
 */
public final class posix_spawn_file_actions_t {
    private posix_spawn_file_actions_t() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            Libc.C_INT.withName("__allocated"),
            Libc.C_INT.withName("__used"),
            Libc.C_POINTER.withName("__actions"),
            MemoryLayout.sequenceLayout(16, Libc.C_INT).withName("__pad")
    ).withName("posix_spawn_file_actions_t");

    /** The layout of this struct. */
    public static GroupLayout layout() { return $LAYOUT; }

    /** Allocates one zeroed struct in {@code arena}. */
    public static MemorySegment allocate(Arena arena) { return arena.allocate(layout()); }
}
