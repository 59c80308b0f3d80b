package dev.cr.ffm.lxc;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;

import static dev.cr.ffm.lxc.lxccontainer_h.C_BOOL;
import static dev.cr.ffm.lxc.lxccontainer_h.C_LONG_LONG;
import static dev.cr.ffm.lxc.lxccontainer_h.C_POINTER;

/**
 * {@code struct migrate_opts} of {@code <lxc/lxccontainer.h>}: the options of {@code lxc_container->migrate}.
 * LXC passes {@code sizeof(struct migrate_opts)} along so that older callers keep working; pass
 * {@code LAYOUT.byteSize()}.
 */
public final class migrate_opts {
    private migrate_opts() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("directory"),
            C_BOOL.withName("verbose"),
            C_BOOL.withName("stop"),
            MemoryLayout.paddingLayout(6),
            C_POINTER.withName("predump_dir"),
            C_POINTER.withName("pageserver_address"),
            C_POINTER.withName("pageserver_port"),
            C_BOOL.withName("preserves_inodes"),
            MemoryLayout.paddingLayout(7),
            C_POINTER.withName("action_script"),
            C_BOOL.withName("disable_skip_in_flight"),
            MemoryLayout.paddingLayout(7),
            C_LONG_LONG.withName("ghost_limit"),
            C_LONG_LONG.withName("features_to_check")
    ).withName("migrate_opts");

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static final long directory$OFFSET = offset("directory");
    public static final long verbose$OFFSET = offset("verbose");
    public static final long stop$OFFSET = offset("stop");
    public static final long predump_dir$OFFSET = offset("predump_dir");
    public static final long pageserver_address$OFFSET = offset("pageserver_address");
    public static final long pageserver_port$OFFSET = offset("pageserver_port");
    public static final long preserves_inodes$OFFSET = offset("preserves_inodes");
    public static final long action_script$OFFSET = offset("action_script");
    public static final long disable_skip_in_flight$OFFSET = offset("disable_skip_in_flight");
    public static final long ghost_limit$OFFSET = offset("ghost_limit");
    public static final long features_to_check$OFFSET = offset("features_to_check");

    private static long offset(String member) {
        return LAYOUT.byteOffset(PathElement.groupElement(member));
    }

    /** Allocates a zeroed struct (every pointer NULL, every flag false). */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(LAYOUT).fill((byte) 0);
    }

    /** {@code char *directory}: where the images are written or read. */
    public static void directory(MemorySegment struct, MemorySegment value) {
        struct.set(C_POINTER, directory$OFFSET, value);
    }

    /** {@code bool verbose}: CRIU logs at its highest level. */
    public static void verbose(MemorySegment struct, boolean value) {
        struct.set(C_BOOL, verbose$OFFSET, value);
    }

    /** {@code bool stop}: stop the container after the dump (else {@code --leave-running}). */
    public static void stop(MemorySegment struct, boolean value) {
        struct.set(C_BOOL, stop$OFFSET, value);
    }

    /** {@code char *predump_dir}: the previous pre-dump, relative to {@code directory}. */
    public static void predump_dir(MemorySegment struct, MemorySegment value) {
        struct.set(C_POINTER, predump_dir$OFFSET, value);
    }

    /** {@code char *pageserver_address} */
    public static void pageserver_address(MemorySegment struct, MemorySegment value) {
        struct.set(C_POINTER, pageserver_address$OFFSET, value);
    }

    /** {@code char *pageserver_port} */
    public static void pageserver_port(MemorySegment struct, MemorySegment value) {
        struct.set(C_POINTER, pageserver_port$OFFSET, value);
    }

    /** {@code bool preserves_inodes}: the rootfs keeps its inode numbers on the target (no {@code --force-irmap}). */
    public static void preserves_inodes(MemorySegment struct, boolean value) {
        struct.set(C_BOOL, preserves_inodes$OFFSET, value);
    }

    /** {@code char *action_script} */
    public static void action_script(MemorySegment struct, MemorySegment value) {
        struct.set(C_POINTER, action_script$OFFSET, value);
    }

    /** {@code bool disable_skip_in_flight} */
    public static void disable_skip_in_flight(MemorySegment struct, boolean value) {
        struct.set(C_BOOL, disable_skip_in_flight$OFFSET, value);
    }

    /** {@code uint64_t ghost_limit}: largest deleted file CRIU copies into the images (0: CRIU's default). */
    public static void ghost_limit(MemorySegment struct, long value) {
        struct.set(C_LONG_LONG, ghost_limit$OFFSET, value);
    }

    /** {@code uint64_t features_to_check}: FEATURE_* bits for MIGRATE_FEATURE_CHECK; on return the unsupported ones. */
    public static void features_to_check(MemorySegment struct, long value) {
        struct.set(C_LONG_LONG, features_to_check$OFFSET, value);
    }

    public static long features_to_check(MemorySegment struct) {
        return struct.get(C_LONG_LONG, features_to_check$OFFSET);
    }
}
