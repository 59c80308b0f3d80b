package dev.cr.engine.image;

import dev.cr.proto.MmProto.mm_entry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's command line and environment, read from its dumped memory: mm-PID.img gives the ranges the kernel
 * recorded (arg_start..arg_end, env_start..env_end), and the pages there hold NUL-separated strings.
 */
public final class CommandLines {
    /** Longer ranges are not command lines: a guard against damaged images. */
    private static final long MAX_RANGE = 1 << 20;

    private CommandLines() {}

    public static List<String> arguments(ImageDir dir, int pid) {
        try (MemoryMap mem = dir.memory(pid)) {
            return arguments(dir, mem);
        }
    }

    public static List<String> environment(ImageDir dir, int pid) {
        try (MemoryMap mem = dir.memory(pid)) {
            return environment(dir, mem);
        }
    }

    /** The arguments, read through an already open memory map of the process. */
    public static List<String> arguments(ImageDir dir, MemoryMap mem) {
        mm_entry mm = dir.mm(mem.pid());
        return strings(mem, mm.getMmArgStart(), mm.getMmArgEnd());
    }

    /** The environment, read through an already open memory map of the process. */
    public static List<String> environment(ImageDir dir, MemoryMap mem) {
        mm_entry mm = dir.mm(mem.pid());
        return strings(mem, mm.getMmEnvStart(), mm.getMmEnvEnd());
    }

    private static List<String> strings(MemoryMap mem, long from, long to) {
        long length = to - from;
        if (length <= 0 || length > MAX_RANGE) return List.of();
        if (!mem.readable(from) || !mem.readable(to - 1)) return List.of();
        byte[] bytes = mem.read(from, (int) length);
        List<String> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(new String(bytes, s, i - s, StandardCharsets.UTF_8));
                s = i + 1;
            }
        }
        if (s < bytes.length) out.add(new String(bytes, s, bytes.length - s, StandardCharsets.UTF_8));
        return out;
    }
}
