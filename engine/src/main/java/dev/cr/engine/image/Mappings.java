package dev.cr.engine.image;

import dev.cr.proto.MmProto.mm_entry;
import dev.cr.proto.VmaProto.vma_entry;

import java.util.ArrayList;
import java.util.List;

/** The memory mappings (VMAs) of a process, with protection and what backs each one. */
public final class Mappings {
    // CRIU's VMA status bits (VMA_AREA_* / VMA_FILE_* / VMA_ANON_*).
    static final int REGULAR = 1, STACK = 1 << 1, VSYSCALL = 1 << 2, VDSO = 1 << 3, HEAP = 1 << 5,
            FILE_PRIVATE = 1 << 6, FILE_SHARED = 1 << 7, ANON_SHARED = 1 << 8, SYSVIPC = 1 << 10, SOCKET = 1 << 11,
            VVAR = 1 << 12, AIORING = 1 << 13;
    private static final int MAP_GROWSDOWN = 0x0100;

    /**
     * One mapping. {@code protection} is "rwx" style; {@code shared} for MAP_SHARED; {@code backing} a file path,
     * "[stack]", "[heap]", "[vdso]", "shmem", or "" for private anonymous memory.
     */
    public record Mapping(long start, long end, String protection, boolean shared, String backing, long pgoff) {
        public long size() { return end - start; }
    }

    private Mappings() {}

    public static List<Mapping> of(ImageDir dir, int pid) {
        mm_entry mm = dir.mm(pid);
        List<Mapping> out = new ArrayList<>(mm.getVmasCount());
        for (vma_entry v : mm.getVmasList()) {
            out.add(new Mapping(v.getStart(), v.getEnd(), protection(v.getProt()),
                    (v.getStatus() & (FILE_SHARED | ANON_SHARED)) != 0, backing(dir, v), v.getPgoff()));
        }
        return out;
    }

    /** The executable's path (mm's exe_file_id). */
    public static String executable(ImageDir dir, int pid) {
        return OpenFiles.describe(dir, "REG", dir.mm(pid).getExeFileId());
    }

    private static final String[] PROTECTIONS = {"---", "r--", "-w-", "rw-", "--x", "r-x", "-wx", "rwx"};

    /** "rwx" style; the eight strings are shared (a process may have tens of thousands of mappings). */
    static String protection(int prot) {
        return PROTECTIONS[prot & 7];
    }

    static String backing(ImageDir dir, vma_entry v) {
        int st = v.getStatus();
        if ((st & SYSVIPC) != 0) return "sysvipc[" + v.getShmid() + "]";
        if ((st & ANON_SHARED) != 0) return "shmem[" + v.getShmid() + "]";
        if ((st & SOCKET) != 0) return "packet[" + v.getShmid() + "]";
        if ((st & (FILE_PRIVATE | FILE_SHARED)) != 0) return OpenFiles.describe(dir, "REG", (int) v.getShmid());
        if ((st & STACK) != 0) return "[stack]";
        if ((st & HEAP) != 0) return "[heap]";
        if ((st & VSYSCALL) != 0) return "[vsyscall]";
        if ((st & VDSO) != 0) return "[vdso]";
        if ((st & VVAR) != 0) return "[vvar]";
        if ((st & AIORING) != 0) return "[aio]";
        // CRIU 4 leaves VMA_AREA_STACK unset; the stack is the mapping that grows down.
        if ((v.getFlags() & MAP_GROWSDOWN) != 0) return "[stack]";
        return "";
    }
}
