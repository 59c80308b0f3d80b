package dev.cr.ffm.libc;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@snippet lang=c :
 * struct open_how {
 *     __u64 flags;
 *     __u64 mode;
 *     __u64 resolve;
 * }
 * }
 * (linux/openat2.h)
 */
public final class open_how {
    private open_how() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("flags"),
            ValueLayout.JAVA_LONG.withName("mode"),
            ValueLayout.JAVA_LONG.withName("resolve")).withName("open_how");

    public static GroupLayout layout() { return $LAYOUT; }

    public static long sizeof() { return $LAYOUT.byteSize(); }

    /** {@snippet lang=c : __u64 flags } */
    public static void flags(MemorySegment struct, long value) { struct.set(ValueLayout.JAVA_LONG, 0, value); }

    /** {@snippet lang=c : __u64 mode } */
    public static void mode(MemorySegment struct, long value) { struct.set(ValueLayout.JAVA_LONG, 8, value); }

    /** {@snippet lang=c : __u64 resolve } */
    public static void resolve(MemorySegment struct, long value) { struct.set(ValueLayout.JAVA_LONG, 16, value); }
}
