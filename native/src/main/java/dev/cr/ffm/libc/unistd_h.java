package dev.cr.ffm.libc;

import java.lang.foreign.MemorySegment;

/** {@code <unistd.h>}: the process's C environment, {@code environ}, which a spawned child is given. */
public final class unistd_h {
    private unistd_h() {}

    private static final class environ$constants {
        static final MemorySegment SEGMENT = Libc.find("environ").reinterpret(Libc.C_POINTER.byteSize());
    }

    /**
     * Getter for variable: {@snippet lang=c : extern char **environ; }
     * Read at each call: {@code setenv} may have moved the array since.
     */
    public static MemorySegment environ() {
        return environ$constants.SEGMENT.get(Libc.C_POINTER, 0L);
    }
}
