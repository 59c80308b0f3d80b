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
        var vmas = dir.mm(p.pid()).getVmasList();
        long virtual = 0;
        for (var v : vmas) virtual += v.getEnd() - v.getStart();
        long dumped;
        List<String> arguments;
        try (MemoryMap mem = dir.memory(p.pid())) {
            dumped = (mem.presentPages() + mem.parentPages()) * MemoryMap.PAGE_SIZE;
            arguments = CommandLines.arguments(dir, mem);
        }
        return new ProcessSummary(p, Mappings.executable(dir, p.pid()), arguments,
                (int) files.stream().filter(f -> !f.fd().equals("cwd") && !f.fd().equals("root")).count(), sockets,
                vmas.size(), virtual, dumped);
    }
}
