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
     * One mapping.
     *
     * @param start      its first address (page-aligned) in the process's address space
     * @param end        the address just past its last byte
     * @param protection "rwx" style, '-' for a permission not granted
     * @param shared     true for MAP_SHARED (file or anonymous), false for private mappings
     * @param backing    a file path, "[stack]", "[heap]", "[vdso]", "[vvar]", "shmem[ID]", "sysvipc[ID]", or "" for
     *                   private anonymous memory
     * @param pgoff      for a file mapping, the offset in bytes into the file where it starts; 0 otherwise
     */
    public record Mapping(long start, long end, String protection, boolean shared, String backing, long pgoff) {
        /**
         * The mapping's length.
         *
         * @return {@code end - start}, in bytes (whether or not its pages were touched or dumped)
         */
        public long size() { return end - start; }
    }

    private Mappings() {}

    /**
     * The mappings of one process, in address order as CRIU recorded them.
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return its mappings
     * @throws ImageException when its mm image is missing or cannot be read
     */
    public static List<Mapping> of(ImageDir dir, int pid) {
        mm_entry mm = dir.mm(pid);
        List<Mapping> out = new ArrayList<>(mm.getVmasCount());
        for (vma_entry v : mm.getVmasList()) {
            out.add(new Mapping(v.getStart(), v.getEnd(), protection(v.getProt()),
                    (v.getStatus() & (FILE_SHARED | ANON_SHARED)) != 0, backing(dir, v), v.getPgoff()));
        }
        return out;
    }

    /**
     * The executable's path (mm's exe_file_id).
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return the path of the file {@code /proc/PID/exe} pointed to at dump time, as CRIU recorded it
     * @throws ImageException when its mm image or the files image cannot be read
     */
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
