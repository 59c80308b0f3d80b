package dev.cr.ffm.criu;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@snippet lang=c :
 * struct criu_feature_check {
 *     bool mem_track;
 *     bool lazy_pages;
 *     bool pidfd_store;
 * }
 * }
 */
public final class criu_feature_check {
    private criu_feature_check() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            criu_h.C_BOOL.withName("mem_track"),
            criu_h.C_BOOL.withName("lazy_pages"),
            criu_h.C_BOOL.withName("pidfd_store")
    ).withName("criu_feature_check");

    /** The layout of this struct. */
    public static GroupLayout layout() { return $LAYOUT; }

    private static final ValueLayout.OfBoolean mem_track$LAYOUT =
            (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("mem_track"));
    private static final long mem_track$OFFSET = $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("mem_track"));

    /** Layout for field: {@snippet lang=c : bool mem_track } */
    public static ValueLayout.OfBoolean mem_track$layout() { return mem_track$LAYOUT; }
    /** Offset for field: {@snippet lang=c : bool mem_track } */
    public static long mem_track$offset() { return mem_track$OFFSET; }
    /** Getter for field: {@snippet lang=c : bool mem_track } */
    public static boolean mem_track(MemorySegment struct) { return struct.get(mem_track$LAYOUT, mem_track$OFFSET); }
    /** Setter for field: {@snippet lang=c : bool mem_track } */
    public static void mem_track(MemorySegment struct, boolean fieldValue) { struct.set(mem_track$LAYOUT, mem_track$OFFSET, fieldValue); }

    private static final ValueLayout.OfBoolean lazy_pages$LAYOUT =
            (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("lazy_pages"));
    private static final long lazy_pages$OFFSET = $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("lazy_pages"));

    /** Layout for field: {@snippet lang=c : bool lazy_pages } */
    public static ValueLayout.OfBoolean lazy_pages$layout() { return lazy_pages$LAYOUT; }
    /** Offset for field: {@snippet lang=c : bool lazy_pages } */
    public static long lazy_pages$offset() { return lazy_pages$OFFSET; }
    /** Getter for field: {@snippet lang=c : bool lazy_pages } */
    public static boolean lazy_pages(MemorySegment struct) { return struct.get(lazy_pages$LAYOUT, lazy_pages$OFFSET); }
    /** Setter for field: {@snippet lang=c : bool lazy_pages } */
    public static void lazy_pages(MemorySegment struct, boolean fieldValue) { struct.set(lazy_pages$LAYOUT, lazy_pages$OFFSET, fieldValue); }

    private static final ValueLayout.OfBoolean pidfd_store$LAYOUT =
            (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("pidfd_store"));
    private static final long pidfd_store$OFFSET = $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("pidfd_store"));

    /** Layout for field: {@snippet lang=c : bool pidfd_store } */
    public static ValueLayout.OfBoolean pidfd_store$layout() { return pidfd_store$LAYOUT; }
    /** Offset for field: {@snippet lang=c : bool pidfd_store } */
    public static long pidfd_store$offset() { return pidfd_store$OFFSET; }
    /** Getter for field: {@snippet lang=c : bool pidfd_store } */
    public static boolean pidfd_store(MemorySegment struct) { return struct.get(pidfd_store$LAYOUT, pidfd_store$OFFSET); }
    /** Setter for field: {@snippet lang=c : bool pidfd_store } */
    public static void pidfd_store(MemorySegment struct, boolean fieldValue) { struct.set(pidfd_store$LAYOUT, pidfd_store$OFFSET, fieldValue); }

    /** Allocates one zeroed struct in {@code arena}. */
    public static MemorySegment allocate(Arena arena) { return arena.allocate(layout()); }

    /** The size of the struct in bytes, as passed to {@code criu_local_feature_check}. */
    public static long sizeof() { return layout().byteSize(); }
}
