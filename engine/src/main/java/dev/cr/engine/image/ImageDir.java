package dev.cr.engine.image;

import com.google.protobuf.Message;
import dev.cr.proto.CoreProto.core_entry;
import dev.cr.proto.CoreProto.task_kobj_ids_entry;
import dev.cr.proto.FdinfoProto.fdinfo_entry;
import dev.cr.proto.FdinfoProto.file_entry;
import dev.cr.proto.FsProto.fs_entry;
import dev.cr.proto.InventoryProto.inventory_entry;
import dev.cr.proto.MmProto.mm_entry;
import dev.cr.proto.PagemapProto.pagemap_entry;
import dev.cr.proto.PagemapProto.pagemap_head;
import dev.cr.proto.PstreeProto.pstree_entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images of one checkpoint and the chain of parent checkpoints it was made against, read through
 * {@link CheckpointFiles}: a directory CRIU wrote ({@link #open(Path)}), or an archive read in place
 * ({@link #open(CheckpointFiles)}). Entries are read on demand; only the small shared tables (files, process tree,
 * the last mm read) are kept once read. Not thread-safe: one instance per thread.
 * <p>The decoded messages stay inside this package: callers read a checkpoint through the explorers
 * ({@link ProcessTree}, {@link OpenFiles}, {@link Sockets}, {@link Mounts}, {@link Mappings}, {@link Rss},
 * {@link Statistics}, {@link MemoryMap}...), whose records do not change when CRIU's image definitions do.
 */
public final class ImageDir implements AutoCloseable {
    /** The name CRIU gives the link from a (pre-)dump to the images it was made against. */
    public static final String PARENT_LINK = "parent";

    private final CheckpointFiles source;
    private final ImageDir parent;
    private ProcessTree processes;
    private Map<Integer, file_entry> files;
    private int lastMmPid = -1;
    private mm_entry lastMm;

    private ImageDir(CheckpointFiles source, ImageDir parent) {
        this.source = source;
        this.parent = parent;
    }

    /**
     * Opens the checkpoint in {@code dir} and its parent chain. A parent link to a missing directory or a chain
     * that comes back to itself is an {@link ImageException} naming the link.
     *
     * @param dir the directory CRIU wrote the images to (its -D / --images-dir)
     * @return the checkpoint, to be closed; not thread-safe
     * @throws dev.cr.engine.CrException when {@code dir} is not a directory
     * @throws ImageException when it holds neither pstree.img nor inventory.img, or a parent link is broken or loops
     */
    public static ImageDir open(Path dir) {
        Path start = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            throw new dev.cr.engine.CrException("open of " + dir, dir + (Files.exists(start) ? " is not a directory"
                    : " does not exist"), "give the directory CRIU wrote the checkpoint to (its images directory)");
        }
        if (!Files.exists(start.resolve("pstree.img")) && !Files.exists(start.resolve("inventory.img"))) {
            throw new ImageException("open of " + dir, start.resolve("pstree.img").toString(), -1,
                    "pstree.img or inventory.img (a CRIU images directory)", "neither", null);
        }
        return open(DirectoryFiles.open(start, dir));
    }

    /**
     * Opens the checkpoint whose files {@code files} are, and the chain of its parents.
     *
     * @param files the checkpoint's files (a directory's, an archive's); closed when the returned object is
     * @return the checkpoint with its parent chain as {@code files} gives it
     * @throws ImageException when the files hold neither pstree.img nor inventory.img
     */
    public static ImageDir open(CheckpointFiles files) {
        if (!files.has("pstree.img") && !files.has("inventory.img")) {
            throw new ImageException("open of " + files.where(), files.where("pstree.img"), -1,
                    "pstree.img or inventory.img (CRIU images)", "neither", null);
        }
        List<CheckpointFiles> chain = new ArrayList<>();
        for (CheckpointFiles f = files; f != null; f = f.parent().orElse(null)) chain.add(f);
        ImageDir built = null;
        for (CheckpointFiles f : chain.reversed()) built = new ImageDir(f, built);
        return built;
    }

    /** The images among {@code files} as they are, unchecked and without parents: for a reader still streaming them in. */
    static ImageDir partial(CheckpointFiles files) { return new ImageDir(files, null); }

    /** {@return the directory of the images, or for images read from an archive, the archive file} */
    public Path path() { return source.directory().orElseGet(() -> Path.of(source.where())); }

    /** {@return where the images are, for messages: a directory, or an archive and the part of it holding them} */
    public String where() { return source.where(); }

    /** {@return the files the images are read from} */
    public CheckpointFiles source() { return source; }

    /** {@return the checkpoint this one was made against (pre-dump chains), if any} */
    public Optional<ImageDir> parent() { return Optional.ofNullable(parent); }

    /**
     * Whether the image file {@code name} is in this checkpoint.
     *
     * @param name a file name inside the checkpoint, such as {@code core-1.img}
     * @return true when a regular file of that name is there (a parent's files do not count)
     */
    public boolean has(String name) { return source.has(name); }

    /** All entries of one image file, as messages of {@code type}. */
    <T extends Message> List<T> entries(String name, Class<T> type) {
        List<T> out = new ArrayList<>();
        String where = source.where(name);
        for (ImageEntries.Entry e : ImageEntries.read(source, name)) out.add(e.as(type, where));
        return out;
    }

    /** The single entry of an image that holds one (core, mm, ids, fs, inventory, stats). */
    <T extends Message> T single(String name, Class<T> type) {
        ImageEntries.Entry first = ImageEntries.first(source, name);
        if (first == null) {
            throw new ImageException("read of " + name, source.where(name), -1, "one " + type.getSimpleName() + " entry", "no entry", null);
        }
        return first.as(type, source.where(name));
    }
    /** {@return whether this is a pre-dump: memory pages (and the inventory) only, no process tree} */
    public boolean isPreDump() { return !has("pstree.img") && has("inventory.img"); }

    /**
     * The processes of this checkpoint as a tree.
     *
     * @return the tree, read once and kept
     * @throws dev.cr.engine.CrException when this is a pre-dump, which holds no process tree
     * @throws ImageException when pstree.img or a core image cannot be read
     */
    public ProcessTree processes() {
        if (processes == null && isPreDump()) {
            throw new dev.cr.engine.CrException("read of the process tree of " + where(),
                    where() + " is a pre-dump: it holds memory pages only, no process tree",
                    "inspect the final dump whose parent link leads here");
        }
        if (processes == null) processes = ProcessTree.of(this, entries("pstree.img", pstree_entry.class));
        return processes;
    }

    inventory_entry inventory() { return single("inventory.img", inventory_entry.class); }

    core_entry core(int pid) { return single("core-" + pid + ".img", core_entry.class); }

    /** The memory descriptor of a process; the last one read is kept, as explorers ask for it several times in a row. */
    mm_entry mm(int pid) {
        if (lastMmPid != pid || lastMm == null) {
            lastMm = single("mm-" + pid + ".img", mm_entry.class);
            lastMmPid = pid;
        }
        return lastMm;
    }

    /** What the process tree shows of a process's mm image: its command line's and environment's ranges, executable, mappings' sizes. */
    record MmSummary(long argStart, long argEnd, long envStart, long envEnd, int exeFileId, int mappings, long virtualBytes) {}

    // Wire numbers of mm_entry's mm_arg_start..exe_file_id and vmas, and of vma_entry's start and end.
    private static final int ARG_START = 8, ARG_END = 9, ENV_START = 10, ENV_END = 11, EXE_FILE_ID = 12, VMAS = 14,
            VMA_START = 1, VMA_END = 2;
    private int lastSummaryPid = -1;
    private MmSummary lastSummary;

    /**
     * The fields of mm-PID.img the process tree shows, read without decoding each mapping into a message (a
     * process can have tens of thousands). A damaged image, or one that lacks a required field, is read the
     * ordinary way, which names what is wrong.
     */
    MmSummary mmSummary(int pid) {
        if (lastSummaryPid == pid && lastSummary != null) return lastSummary;
        if (lastMmPid == pid && lastMm != null) return summaryOf(lastMm);
        String name = "mm-" + pid + ".img";
        byte[] payload;
        try (ImageFile image = source.image(name)) {
            payload = image.kind() == ImageKind.MM ? image.nextPayload() : null;
        }
        MmSummary s = payload == null ? null : summary(payload);
        if (s == null) s = summaryOf(mm(pid));
        lastSummaryPid = pid;
        lastSummary = s;
        return s;
    }

    private static MmSummary summaryOf(mm_entry mm) {
        long virtual = 0;
        for (var v : mm.getVmasList()) virtual += v.getEnd() - v.getStart();
        return new MmSummary(mm.getMmArgStart(), mm.getMmArgEnd(), mm.getMmEnvStart(), mm.getMmEnvEnd(), mm.getExeFileId(),
                mm.getVmasCount(), virtual);
    }

    private static MmSummary summary(byte[] payload) {
        long[] v = new long[5];
        int seen = 0, mappings = 0;
        long virtual = 0;
        try {
            com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(payload);
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = tag >>> 3;
                if (field >= ARG_START && field <= EXE_FILE_ID && (tag & 7) == 0) {
                    v[field - ARG_START] = in.readUInt64();
                    seen |= 1 << (field - ARG_START);
                } else if (field == VMAS && (tag & 7) == 2) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    long start = 0, end = 0;
                    int t;
                    while ((t = in.readTag()) != 0) {
                        if (t == (VMA_START << 3)) start = in.readUInt64();
                        else if (t == (VMA_END << 3)) end = in.readUInt64();
                        else in.skipField(t);
                    }
                    in.popLimit(limit);
                    mappings++;
                    virtual += end - start;
                } else {
                    in.skipField(tag);
                }
            }
        } catch (java.io.IOException e) {
            return null;
        }
        if (seen != 0b11111) return null;
        return new MmSummary(v[0], v[1], v[2], v[3], (int) v[4], mappings, virtual);
    }

    task_kobj_ids_entry ids(int pid) { return single("ids-" + pid + ".img", task_kobj_ids_entry.class); }

    fs_entry fs(int pid) { return single("fs-" + pid + ".img", fs_entry.class); }

    /** The descriptors of one file table ({@code files_id} from ids-PID.img). */
    List<fdinfo_entry> fdinfo(int filesId) {
        return entries("fdinfo-" + filesId + ".img", fdinfo_entry.class);
    }

    /** Every open file object of the checkpoint (files.img) by id. */
    Map<Integer, file_entry> files() {
        if (files == null) {
            Map<Integer, file_entry> byId = new LinkedHashMap<>();
            if (has("files.img")) {
                for (file_entry f : entries("files.img", file_entry.class)) byId.put(f.getId(), f);
            }
            files = byId;
        }
        return files;
    }

    /** The head and entries of pagemap-PID.img. */
    Pagemap pagemap(int pid) {
        return pagemap(source, "pagemap-" + pid + ".img");
    }

    static Pagemap pagemap(CheckpointFiles source, String name) {
        String file = source.where(name);
        List<ImageEntries.Entry> all = ImageEntries.read(source, name);
        if (all.isEmpty()) {
            throw new ImageException("read of " + name, file, -1, "a pagemap_head entry", "no entry", null);
        }
        pagemap_head head = all.getFirst().as(pagemap_head.class, file);
        List<pagemap_entry> entries = new ArrayList<>(all.size() - 1);
        long[] offsets = new long[all.size() - 1];
        for (int i = 1; i < all.size(); i++) {
            entries.add(all.get(i).as(pagemap_entry.class, file));
            offsets[i - 1] = all.get(i).offset();
        }
        return new Pagemap(name, file, head.getPagesId(), entries, offsets);
    }

    /** A decoded pagemap image: its name and place, the id of its pages file and its entries with their byte offsets. */
    record Pagemap(String name, String file, int pagesId, List<pagemap_entry> entries, long[] offsets) {}

    /**
     * The memory of one process in this checkpoint; close it to release the pages files.
     *
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return its memory, to be closed; pages left to a parent are read from the parent checkpoint
     * @throws ImageException when its pagemap or the pages file it names is missing or damaged
     */
    public MemoryMap memory(int pid) { return MemoryMap.open(this, pid); }

    /**
     * Names of the image files that start with {@code prefix} and end with {@code suffix}, sorted.
     *
     * @param prefix what the names start with, such as {@code "core-"}; empty for any
     * @param suffix what they end with, such as {@code ".img"}; empty for any
     * @return the matching names, sorted; empty when none matches
     */
    public List<String> names(String prefix, String suffix) {
        List<String> out = new ArrayList<>();
        for (String n : source.names()) if (n.startsWith(prefix) && n.endsWith(suffix)) out.add(n);
        return out;
    }

    /** Closes the files of this checkpoint and its parents (an archive's channel). */
    @Override
    public void close() {
        source.close();
        if (parent != null) parent.close();
    }
}
