package dev.cr.ffm;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks hand-written FFM struct layouts against the C compiler's view of the same structs.
 * It writes a C program that prints {@code sizeof}, {@code _Alignof} and {@code offsetof} of every
 * struct and named member, compiles it with gcc against the installed headers, runs it, and compares
 * each figure with the Java layout. Member names of the Java layouts must be the C member names;
 * padding members (unnamed) are not compared.
 */
public final class CLayoutProbe {
    /** One C struct and the Java layout that claims to match it. */
    public record Struct(String cType, GroupLayout layout) {}

    private final List<String> includes;
    private final List<Struct> structs;

    public CLayoutProbe(List<String> includes, List<Struct> structs) {
        this.includes = List.copyOf(includes);
        this.structs = List.copyOf(structs);
    }

    /** The C program that prints the compiler's figures, one "key value" line each. */
    public String cSource() {
        var c = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n#include <stdbool.h>\n");
        for (String inc : includes) c.append("#include <").append(inc).append(">\n");
        c.append("int main(void) {\n");
        for (Struct s : structs) {
            c.append("  printf(\"%s size %zu\\n\", \"").append(s.cType()).append("\", sizeof(").append(s.cType()).append("));\n");
            c.append("  printf(\"%s align %zu\\n\", \"").append(s.cType()).append("\", _Alignof(").append(s.cType()).append("));\n");
            for (MemoryLayout m : s.layout().memberLayouts()) {
                if (m.name().isEmpty()) continue;
                String f = m.name().get();
                c.append("  printf(\"%s.%s offset %zu\\n\", \"").append(s.cType()).append("\", \"").append(f)
                        .append("\", offsetof(").append(s.cType()).append(", ").append(f).append("));\n");
                c.append("  printf(\"%s.%s size %zu\\n\", \"").append(s.cType()).append("\", \"").append(f)
                        .append("\", sizeof(((").append(s.cType()).append("*)0)->").append(f).append("));\n");
            }
        }
        c.append("  return 0;\n}\n");
        return c.toString();
    }

    /** The same lines as the C program prints, computed from the Java layouts. */
    public List<String> javaFigures() {
        var out = new ArrayList<String>();
        for (Struct s : structs) {
            GroupLayout l = s.layout();
            out.add(s.cType() + " size " + l.byteSize());
            out.add(s.cType() + " align " + l.byteAlignment());
            long offset = 0;
            for (MemoryLayout m : l.memberLayouts()) {
                if (m.name().isPresent()) {
                    out.add(s.cType() + "." + m.name().get() + " offset " + offset);
                    out.add(s.cType() + "." + m.name().get() + " size " + m.byteSize());
                }
                offset += m.byteSize();
            }
        }
        return out;
    }

    /** Compiles and runs the probe; returns the C compiler's figures. */
    public List<String> cFigures(Path workDir) throws IOException, InterruptedException {
        Path src = workDir.resolve("layout_probe.c");
        Path exe = workDir.resolve("layout_probe");
        Files.writeString(src, cSource());
        run(workDir, "gcc", "-std=gnu11", "-o", exe.toString(), src.toString());
        String out = run(workDir, exe.toString());
        return out.lines().toList();
    }

    /** Every line where Java and C disagree, as "java: X | c: Y"; empty when the layouts match. */
    public List<String> differences(Path workDir) throws IOException, InterruptedException {
        List<String> java = javaFigures();
        List<String> c = cFigures(workDir);
        var diffs = new ArrayList<String>();
        for (int i = 0; i < Math.max(java.size(), c.size()); i++) {
            String j = i < java.size() ? java.get(i) : "(none)";
            String k = i < c.size() ? c.get(i) : "(none)";
            if (!j.equals(k)) diffs.add("java: " + j + " | c: " + k);
        }
        return diffs;
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
