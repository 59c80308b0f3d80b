package dev.cr.ffm.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * {@snippet lang=c :
 * typedef struct {
 *     unsigned long __val[16];
 * } sigset_t;
 * }
 * Opaque to Java: filled by {@link signal_h#sigemptyset} and {@link signal_h#sigfillset}.
 */
public final class sigset_t {
    private sigset_t() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, Libc.C_LONG).withName("__val")
    ).withName("sigset_t");

    /** The layout of this struct. */
    public static GroupLayout layout() { return $LAYOUT; }

    /** Allocates one zeroed set in {@code arena}. */
    public static MemorySegment allocate(Arena arena) { return arena.allocate(layout()); }
}
