package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.archive.ArchivedCheckpoint;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.Mappings;
import dev.cr.engine.image.MemoryMap;
import dev.cr.engine.image.MemorySearch;
import dev.cr.engine.image.ProcessTree;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code cr mem DIR}: the dumped memory of a process as a hexdump, or a search through every process's memory. */
@Command(name = "mem", mixinStandardHelpOptions = true,
        description = {"Read the memory saved in a checkpoint (a directory, or an archive read in place).",
                "  cr mem DIR                               memory dumped per process (checkpointctl memparse)",
                "  cr mem DIR --pid P                       the dumped page runs of a process",
                "  cr mem DIR --pid P --addr A [--len N]    hexdump of N bytes at address A",
                "  cr mem DIR --search TEXT [--context N]   find TEXT in every process (pid, address, mapping)",
                "  cr mem DIR --regex RE [--context N]      the same with a Java regular expression over bytes as ISO-8859-1"})
public final class MemCommand implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR|ARCHIVE", description = "the checkpoint (CRIU images) directory, or an archive of one "
            + "(cr pack, Podman, CRI-O, containerd)") Path dir;
    @Option(names = {"-p", "--pid"}, description = "the process (as pid in the checkpoint)") Integer pid;
    @Option(names = "--addr", description = "start address, hex (0x...) or decimal") String addr;
    @Option(names = "--len", description = "bytes to dump (default ${DEFAULT-VALUE})", defaultValue = "256") int len;

    @ArgGroup(exclusive = true) Search search;
    static final class Search {
        @Option(names = {"-s", "--search"}, description = "text to find (UTF-8 bytes)") String text;
        @Option(names = {"-r", "--regex", "--search-regex"}, description = "regular expression to find") String regex;
    }

    @Option(names = {"-c", "--context"}, description = "bytes shown on each side of a match (default ${DEFAULT-VALUE})", defaultValue = "16") int context;
    @Option(names = "--limit", description = "stop after N matches (0: all; default ${DEFAULT-VALUE})", defaultValue = "1000") long limit;
    @Option(names = "--json", description = "JSON for programs") boolean json;

    private ArchivedCheckpoint archive;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (search != null) {
                searchAll(out);
            } else if (pid == null) {
                if (addr != null) throw new ParameterException(spec.commandLine(), "--addr needs --pid P");
                sizes(out);
            } else if (addr == null) {
                runs(out);
            } else {
                hexdump(out);
            }
        } finally {
            if (archive != null) archive.close();
        }
        out.flush();
    }

    private ImageDir images() {
        if (!java.nio.file.Files.isRegularFile(dir)) return ImageDir.open(dir);
        archive = ArchivedCheckpoint.open(dir);
        return archive.imageDir();
    }

    /** Memory dumped per process, from the pagemaps alone (no page is read). */
    private void sizes(PrintWriter out) {
        ImageDir images = images();
        List<int[]> pids = new ArrayList<>();
        List<String> comms = new ArrayList<>();
        if (images.isPreDump()) {
            for (String n : images.names("pagemap-", ".img")) {
                String digits = n.substring("pagemap-".length(), n.length() - ".img".length());
                if (digits.matches("[0-9]+")) {
                    pids.add(new int[] {Integer.parseInt(digits)});
                    comms.add("");
                }
            }
        } else {
            for (ProcessTree.Process p : images.processes().all()) {
                pids.add(new int[] {p.pid()});
                comms.add(p.comm());
            }
        }
        List<Object> rows = new ArrayList<>();
        long total = 0;
        if (!json) out.printf("%-8s %-16s %10s %10s %10s%n", "PID", "COMM", "DUMPED", "IN PARENT", "LAZY");
        for (int i = 0; i < pids.size(); i++) {
            int p = pids.get(i)[0];
            if (!images.has("pagemap-" + p + ".img")) continue;
            try (MemoryMap mem = images.memory(p)) {
                long here = mem.presentPages() * MemoryMap.PAGE_SIZE, parent = mem.parentPages() * MemoryMap.PAGE_SIZE;
                long lazy = mem.lazyPages() * MemoryMap.PAGE_SIZE;
                total += here;
                if (json) {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("pid", p); j.put("comm", comms.get(i)); j.put("dumped_bytes", here); j.put("parent_bytes", parent);
                    j.put("lazy_bytes", lazy);
                    rows.add(j);
                } else {
                    out.printf("%-8d %-16s %10s %10s %10s%n", p, comms.get(i), Sizes.human(here), Sizes.human(parent),
                            Sizes.human(lazy));
                }
            }
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("processes", rows);
            root.put("dumped_bytes", total);
            out.print(JsonWriter.INDENTED.document(root));
        } else {
            out.printf("%d process%s, %s dumped%n", pids.size(), pids.size() == 1 ? "" : "es", Sizes.human(total));
        }
    }

    private void checkPid(ImageDir images) {
        // A pre-dump has no process tree: its pagemap-PID.img files say which pids it holds.
        if (images.isPreDump()) {
            if (!images.has("pagemap-" + pid + ".img")) {
                throw new ParameterException(spec.commandLine(), "no process " + pid + " in the pre-dump " + dir + "; its pids are "
                        + images.names("pagemap-", ".img").stream().map(n -> n.replaceAll("\\D", "")).toList());
            }
            return;
        }
        if (images.processes().get(pid).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no process " + pid + " in " + dir + "; its pids are "
                    + images.processes().all().stream().map(p -> Integer.toString(p.pid())).toList());
        }
    }

    private void runs(PrintWriter out) {
        ImageDir images = images();
        checkPid(images);
        List<Mappings.Mapping> maps = images.isPreDump() ? List.of() : Mappings.of(images, pid); // a pre-dump has no mm
        try (MemoryMap mem = images.memory(pid)) {
            out.printf("process %d: %d pages dumped here, %d in parent checkpoints, %d lazy%n", pid, mem.presentPages(),
                    mem.parentPages(), mem.lazyPages());
            out.printf("  %-33s %7s  %-8s %s%n", "RANGE", "PAGES", "WHERE", "MAPPING");
            for (MemoryMap.PageRun r : mem.runs()) {
                Mappings.Mapping m = maps.stream().filter(x -> Long.compareUnsigned(r.address(), x.start()) >= 0
                        && Long.compareUnsigned(r.address(), x.end()) < 0).findFirst().orElse(null);
                out.printf("  %016x-%016x %7d  %-8s %s%n", r.address(), r.end(), r.pages(),
                        r.present() ? "here" : r.inParent() ? "parent" : r.lazy() ? "lazy" : "?", m == null ? "" : m.protection() + " " + m.backing());
            }
        }
    }

    private void hexdump(PrintWriter out) {
        long address;
        try {
            address = addr.startsWith("0x") || addr.startsWith("0X") ? Long.parseUnsignedLong(addr.substring(2), 16) : Long.parseUnsignedLong(addr);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--addr " + addr + " is not an address (hex 0x... or decimal)");
        }
        if (len <= 0 || len > 64 << 20) throw new ParameterException(spec.commandLine(), "--len must be between 1 and 64 MiB");
        ImageDir images = images();
        checkPid(images);
        byte[] bytes;
        try (MemoryMap mem = images.memory(pid)) {
            bytes = mem.read(address, len);
        }
        for (int i = 0; i < bytes.length; i += 16) {
            StringBuilder hex = new StringBuilder(), text = new StringBuilder();
            for (int k = 0; k < 16; k++) {
                if (i + k < bytes.length) {
                    int b = bytes[i + k] & 0xff;
                    hex.append(String.format("%02x ", b));
                    text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
                if (k == 7) hex.append(' ');
            }
            out.printf("%016x  %s |%s|%n", address + i, hex, text);
        }
    }

    private void searchAll(PrintWriter out) {
        if (context < 0 || context > 4096) throw new ParameterException(spec.commandLine(), "--context must be 0..4096");
        ImageDir images = images();
        List<Object> found = new ArrayList<>();
        MemorySearch searcher = new MemorySearch(context, limit);
        java.util.function.Consumer<MemorySearch.Match> sink = m -> {
            if (pid != null && m.pid() != pid) return;
            if (json) found.add(toJson(m));
            else out.printf("pid %-6d 0x%016x  %-40s %s%n", m.pid(), m.address(), mapping(m.mapping()), show(m));
        };
        MemorySearch.Summary s;
        if (search.text != null) {
            if (search.text.isEmpty()) throw new ParameterException(spec.commandLine(), "--search needs a non-empty text");
            s = searcher.bytes(images, search.text.getBytes(StandardCharsets.UTF_8), sink);
        } else {
            Pattern p;
            try {
                p = Pattern.compile(search.regex, Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new ParameterException(spec.commandLine(), "--regex: " + e.getDescription() + " at index " + e.getIndex());
            }
            s = searcher.regex(images, p, sink);
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("processes", s.processes());
            root.put("bytes_scanned", s.bytesScanned());
            root.put("matches", found);
            out.print(JsonWriter.INDENTED.document(root));
        } else {
            out.printf("%d match%s in %d processes (%s scanned)%s%n", s.matches(), s.matches() == 1 ? "" : "es", s.processes(),
                    Sizes.human(s.bytesScanned()), limit > 0 && s.matches() >= limit ? "; stopped at --limit " + limit : "");
        }
    }

    private static String mapping(Mappings.Mapping m) {
        if (m == null) return "?";
        return m.protection() + " " + (m.backing().isEmpty() ? "[anon]" : m.backing());
    }

    private static String show(MemorySearch.Match m) {
        return printable(m.before()) + "[" + printable(m.match()) + "]" + printable(m.after());
    }

    /** Bytes as text a terminal can show: printable ASCII kept, other bytes as \xNN. */
    static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') sb.append((char) c);
            else if (c == '\\') sb.append("\\\\");
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static Map<String, Object> toJson(MemorySearch.Match m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("pid", m.pid());
        j.put("address", "0x" + Long.toHexString(m.address()));
        if (m.mapping() != null) {
            j.put("mapping_start", "0x" + Long.toHexString(m.mapping().start()));
            j.put("mapping_prot", m.mapping().protection());
            j.put("mapping_backing", m.mapping().backing());
        }
        j.put("match", printable(m.match()));
        j.put("before", printable(m.before()));
        j.put("after", printable(m.after()));
        return j;
    }
}
