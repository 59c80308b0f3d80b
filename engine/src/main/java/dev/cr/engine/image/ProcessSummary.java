package dev.cr.engine.image;

import java.util.List;

/**
 * What `cr inspect` shows for one process at a glance: identity, command line, and how many files, sockets and
 * bytes of memory it has in the checkpoint.
 *
 * @param process      the process as the tree records it
 * @param executable   the path of its executable at dump time
 * @param arguments    its command line read from its dumped memory; empty when those pages were not dumped
 * @param openFiles    its descriptors (the working and root directories not counted)
 * @param sockets      how many of those descriptors are sockets
 * @param mappings     how many memory mappings (VMAs) it had
 * @param virtualBytes the total size of its mappings in bytes, touched or not
 * @param dumpedBytes  the bytes of its memory the checkpoint holds, in this checkpoint or in its parents
 */
public record ProcessSummary(ProcessTree.Process process, String executable, List<String> arguments,
                             int openFiles, int sockets, int mappings, long virtualBytes, long dumpedBytes) {

    /**
     * Reads the summary of one process.
     *
     * @param dir the checkpoint
     * @param p   a process of {@code dir}'s tree
     * @return its summary
     * @throws ImageException when one of its images cannot be read
     */
    public static ProcessSummary of(ImageDir dir, ProcessTree.Process p) {
        List<OpenFiles.OpenFile> files = OpenFiles.of(dir, p.pid());
        int sockets = (int) files.stream().filter(f -> f.type().endsWith("SK")).count();
        // Only the count and the sizes of the mappings are shown: describing each one (protection, backing file)
        // cost more than everything else in a summary of processes with hundreds of mappings.
        ImageDir.MmSummary mm = dir.mmSummary(p.pid());
        long dumped;
        List<String> arguments;
        try (MemoryMap mem = dir.memory(p.pid())) {
            dumped = (mem.presentPages() + mem.parentPages()) * MemoryMap.PAGE_SIZE;
            arguments = CommandLines.arguments(dir, mem);
        }
        return new ProcessSummary(p, OpenFiles.describe(dir, "REG", mm.exeFileId()), arguments,
                (int) files.stream().filter(f -> !f.fd().equals("cwd") && !f.fd().equals("root")).count(), sockets,
                mm.mappings(), mm.virtualBytes(), dumped);
    }
}
