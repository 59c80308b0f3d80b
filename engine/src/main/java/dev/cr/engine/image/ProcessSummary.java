package dev.cr.engine.image;

import java.util.List;

/**
 * What `cr inspect` shows for one process at a glance: identity, command line, and how many files, sockets and
 * bytes of memory it has in the checkpoint.
 */
public record ProcessSummary(ProcessTree.Process process, String executable, List<String> arguments,
                             int openFiles, int sockets, int mappings, long virtualBytes, long dumpedBytes) {

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
