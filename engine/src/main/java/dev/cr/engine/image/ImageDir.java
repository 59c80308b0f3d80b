package dev.cr.engine.image;

import com.google.protobuf.Message;
import dev.cr.proto.CoreProto.core_entry;
import dev.cr.proto.CoreProto.task_kobj_ids_entry;
import dev.cr.proto.FdinfoProto.fdinfo_entry;
import dev.cr.proto.FdinfoProto.file_entry;
import dev.cr.proto.FsProto.fs_entry;
import dev.cr.proto.InventoryProto.inventory_entry;
import dev.cr.proto.MmProto.mm_entry;
import dev.cr.proto.MntProto.mnt_entry;
import dev.cr.proto.PagemapProto.pagemap_entry;
import dev.cr.proto.PagemapProto.pagemap_head;
import dev.cr.proto.PstreeProto.pstree_entry;
import dev.cr.proto.StatsProto.stats_entry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one checkpoint (a CRIU images directory) and the chain of parent checkpoints its {@code parent}
 * link leads to. Opening checks the chain: a parent link to a missing directory or a chain that comes back to
 * itself is an {@link ImageException} naming the link. Entries are read on demand; only the small shared
 * tables (files, process tree, the last mm read) are kept once read. Not thread-safe: one instance per thread.
 */
public final class ImageDir {
    /** The name CRIU gives the link from a (pre-)dump to the images it was made against. */
    public static final String PARENT_LINK = "parent";

    private final Path path;
    private final ImageDir parent;
    private ProcessTree processes;
    private Map<Integer, file_entry> files;
    private int lastMmPid = -1;
    private mm_entry lastMm;

    private ImageDir(Path path, ImageDir parent) {
        this.path = path;
        this.parent = parent;
    }

    /** Opens the checkpoint in {@code dir} and its parent chain. */
    public static ImageDir open(Path dir) {
        Path start = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            throw new dev.cr.engine.CrException("open of " + dir, dir + (Files.exists(start) ? " is not a directory"
                    : " does not exist"), "give the directory CRIU wrote the checkpoint to (its -D / --images-dir)");
        }
        if (!Files.exists(start.resolve("pstree.img")) && !Files.exists(start.resolve("inventory.img"))) {
            throw new ImageException("open of " + dir, start.resolve("pstree.img").toString(), -1,
                    "pstree.img or inventory.img (a CRIU images directory)", "neither", null);
        }
        // Walk the chain first (to find loops and missing parents), then build it from the oldest.
        List<Path> chain = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Path current = start;
        while (true) {
            Path real = realPath(current);
            if (!seen.add(real)) {
                Path link = chain.getLast().resolve(PARENT_LINK);
                throw new ImageException("open of " + dir, link.toString(), -1,
                        "a parent link to an older checkpoint", "a loop back to " + real, null);
            }
            chain.add(current);
            Path link = current.resolve(PARENT_LINK);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) break;
            Path next = parentTarget(link);
            if (!Files.isDirectory(next)) {
                throw new ImageException("open of " + dir, link.toString(), -1,
                        "a parent link to an existing images directory", "a link to missing " + next, null);
            }
            current = next;
        }
        ImageDir built = null;
        for (Path p : chain.reversed()) built = new ImageDir(p, built);
        return built;
    }

    private static Path parentTarget(Path link) {
        try {
            Path target = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : link;
            return link.getParent().resolve(target).normalize();
        } catch (IOException e) {
            throw new ImageException("open of " + link.getParent(), link.toString(), -1, "a readable parent link", e.toString(), e);
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    public Path path() { return path; }

    /** The checkpoint this one was made against (pre-dump chains), if any. */
    public Optional<ImageDir> parent() { return Optional.ofNullable(parent); }

    /** Whether the image file {@code name} is in this directory. */
    public boolean has(String name) { return Files.isRegularFile(path.resolve(name)); }

    /** All entries of one image file, as messages of {@code type}. */
    public <T extends Message> List<T> entries(String name, Class<T> type) {
        Path file = path.resolve(name);
        List<T> out = new ArrayList<>();
        for (ImageEntries.Entry e : ImageEntries.read(file)) out.add(e.as(type, file));
        return out;
    }

    /** The single entry of an image that holds one (core, mm, ids, fs, inventory, stats). */
    public <T extends Message> T single(String name, Class<T> type) {
        Path file = path.resolve(name);
        List<ImageEntries.Entry> all = ImageEntries.read(file);
        if (all.isEmpty()) {
            throw new ImageException("read of " + name, file.toString(), -1, "one " + type.getSimpleName() + " entry", "no entry", null);
        }
        return all.getFirst().as(type, file);
    }

    /** Whether this is a pre-dump: memory pages (and the inventory) only, no process tree. */
    public boolean isPreDump() { return !has("pstree.img") && has("inventory.img"); }

    public ProcessTree processes() {
        if (processes == null && isPreDump()) {
            throw new dev.cr.engine.CrException("read of the process tree of " + path,
                    path + " is a pre-dump: it holds memory pages only, no process tree",
                    "inspect the final dump whose parent link leads here");
        }
        if (processes == null) processes = ProcessTree.of(this, entries("pstree.img", pstree_entry.class));
        return processes;
    }

    public inventory_entry inventory() { return single("inventory.img", inventory_entry.class); }

    public core_entry core(int pid) { return single("core-" + pid + ".img", core_entry.class); }

    /** The memory descriptor of a process; the last one read is kept, as explorers ask for it several times in a row. */
    public mm_entry mm(int pid) {
        if (lastMmPid != pid || lastMm == null) {
            lastMm = single("mm-" + pid + ".img", mm_entry.class);
            lastMmPid = pid;
        }
        return lastMm;
    }

    public task_kobj_ids_entry ids(int pid) { return single("ids-" + pid + ".img", task_kobj_ids_entry.class); }

    public fs_entry fs(int pid) { return single("fs-" + pid + ".img", fs_entry.class); }

    /** The descriptors of one file table ({@code files_id} from ids-PID.img). */
    public List<fdinfo_entry> fdinfo(int filesId) {
        return entries("fdinfo-" + filesId + ".img", fdinfo_entry.class);
    }

    /** Every open file object of the checkpoint (files.img) by id. */
    public Map<Integer, file_entry> files() {
        if (files == null) {
            Map<Integer, file_entry> byId = new LinkedHashMap<>();
            if (has("files.img")) {
                for (file_entry f : entries("files.img", file_entry.class)) byId.put(f.getId(), f);
            }
            files = byId;
        }
        return files;
    }

    /** Mounts of every mount namespace dumped (empty when the tree shared the host's). */
    public List<mnt_entry> mounts() {
        List<mnt_entry> out = new ArrayList<>();
        for (Path f : matching("mountpoints-*.img")) out.addAll(entries(f.getFileName().toString(), mnt_entry.class));
        return out;
    }

    /** Statistics CRIU wrote: "stats-dump" or "stats-restore". */
    public Optional<stats_entry> stats(String name) {
        if (!has(name)) return Optional.empty();
        return Optional.of(single(name, stats_entry.class));
    }

    /** The head and entries of pagemap-PID.img. */
    public Pagemap pagemap(int pid) {
        String name = "pagemap-" + pid + ".img";
        Path file = path.resolve(name);
        List<ImageEntries.Entry> all = ImageEntries.read(file);
        if (all.isEmpty()) {
            throw new ImageException("read of " + name, file.toString(), -1, "a pagemap_head entry", "no entry", null);
        }
        pagemap_head head = all.getFirst().as(pagemap_head.class, file);
        List<pagemap_entry> entries = new ArrayList<>(all.size() - 1);
        long[] offsets = new long[all.size() - 1];
        for (int i = 1; i < all.size(); i++) {
            entries.add(all.get(i).as(pagemap_entry.class, file));
            offsets[i - 1] = all.get(i).offset();
        }
        return new Pagemap(file, head.getPagesId(), entries, offsets);
    }

    /** A decoded pagemap image: the id of its pages file and its entries with their byte offsets. */
    public record Pagemap(Path file, int pagesId, List<pagemap_entry> entries, long[] offsets) {}

    /** The memory of one process in this checkpoint; close it to release the pages files. */
    public MemoryMap memory(int pid) { return MemoryMap.open(this, pid); }

    /** Names of the image files matching a glob, sorted. */
    public List<Path> matching(String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, glob)) {
            for (Path p : ds) out.add(p);
        } catch (IOException e) {
            throw new ImageException("list of " + path, path.toString(), -1, "a readable directory", e.toString(), e);
        }
        out.sort(null);
        return out;
    }
}
