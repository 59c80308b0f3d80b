package dev.cr.ffm.lxc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.lxc.lxccontainer_h.C_POINTER;

/**
 * {@code struct lxc_snapshot} of {@code <lxc/lxccontainer.h>}: one entry of the array that
 * {@code snapshot_list} returns. Each entry is released with its own {@code free} function pointer, then the
 * array with libc's {@code free}.
 */
public final class lxc_snapshot {
    private lxc_snapshot() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("name"),
            C_POINTER.withName("comment_pathname"),
            C_POINTER.withName("timestamp"),
            C_POINTER.withName("lxcpath"),
            C_POINTER.withName("free")
    ).withName("lxc_snapshot");

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static final long name$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("name"));
    public static final long comment_pathname$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("comment_pathname"));
    public static final long timestamp$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("timestamp"));
    public static final long lxcpath$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("lxcpath"));
    public static final long free$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("free"));

    /** {@code char *name}, for example {@code snap0} */
    public static MemorySegment name(MemorySegment struct) {
        return struct.get(C_POINTER, name$OFFSET);
    }

    /** {@code char *comment_pathname}, may be NULL */
    public static MemorySegment comment_pathname(MemorySegment struct) {
        return struct.get(C_POINTER, comment_pathname$OFFSET);
    }

    /** {@code char *timestamp}, when the snapshot was taken */
    public static MemorySegment timestamp(MemorySegment struct) {
        return struct.get(C_POINTER, timestamp$OFFSET);
    }

    /** {@code char *lxcpath}: where the snapshot's container lives */
    public static MemorySegment lxcpath(MemorySegment struct) {
        return struct.get(C_POINTER, lxcpath$OFFSET);
    }

    /** Reads the {@code free} function pointer. */
    public static MemorySegment free(MemorySegment struct) {
        return struct.get(C_POINTER, free$OFFSET);
    }

    /** The function pointer {@code void (*free)(struct lxc_snapshot *s)}. */
    public static final class free {
        private free() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static void invoke(MemorySegment fp, MemorySegment s) {
            try {
                HANDLE.invokeExact(fp, s);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }
}
