package dev.cr.engine.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memory of one process in a checkpoint: pagemap-PID.img says which virtual pages were dumped, and where,
 * and pages-ID.img holds the bytes of the present ones back to back. This keeps an index of the pagemap entries
 * (address, page count, flags, byte offset of present runs in the pages file), finds a page by binary search,
 * follows the parent checkpoint for pages flagged in-parent, and reads bytes with positioned reads: no pages file
 * is ever loaded into the heap, and in an archive the pages are read where they lie inside it.
 */
public final class MemoryMap implements AutoCloseable {
    /** The page size CRIU's images count in, in bytes (x86-64's 4 KiB). */
    public static final int PAGE_SIZE = 4096;
    /** Pagemap entry flags (CRIU's PE_*): the pages are in the parent checkpoint, served lazily, or in this one. */
    public static final int PE_PARENT = 1, PE_LAZY = 2, PE_PRESENT = 4;
    /** 2^52 pages of 4 KiB: the whole 64-bit address space. */
    private static final long MAX_PAGES = 1L << 52;

    /**
     * A run of pages from one pagemap entry.
     *
     * @param address the run's first virtual address in the process, page-aligned
     * @param pages   its length in pages of {@link #PAGE_SIZE} bytes
     * @param flags   CRIU's pagemap flags: {@link #PE_PRESENT}, {@link #PE_PARENT}, {@link #PE_LAZY} or'ed together
     */
    public record PageRun(long address, long pages, int flags) {
        /** {@return the address just past the run's last byte} */
        public long end() { return address + pages * PAGE_SIZE; }
        /** {@return whether the run's bytes are in this checkpoint's pages file} */
        public boolean present() { return (flags & PE_PRESENT) != 0; }
        /** {@return whether the run's bytes are left to the parent checkpoint (unchanged since a pre-dump)} */
        public boolean inParent() { return (flags & PE_PARENT) != 0; }
        /** {@return whether the run is served by a page server at restore (post-copy) and is in no file} */
        public boolean lazy() { return (flags & PE_LAZY) != 0; }
    }

    /** A range of memory whose bytes are at {@code fileOffset} in the pages file of {@code owner}. */
    record Located(MemoryMap owner, long address, long fileOffset, long length) {}

    private final ImageDir dir;
    private final int pid;
    private final String pagemapFile;
    private final String pagemapName;
    private final String pagesName;
    private final String pagesFile;
    private final FileContents contents;
    private final long[] start, pages, fileOffset;
    private final int[] flags;
    private final long presentPages, parentPages, lazyPages;
    private MemoryMap parentMap;

    private MemoryMap(ImageDir dir, int pid, Entries pm, String pagesName, FileContents contents) {
        this.dir = dir;
        this.pid = pid;
        this.pagemapFile = pm.file();
        this.pagemapName = pm.name();
        this.pagesName = pagesName;
        this.pagesFile = dir.source().where(pagesName);
        this.contents = contents;
        long pagesFileSize = contents.size();
        int n = pm.vaddr().length;
        start = pm.vaddr();
        pages = pm.pages();
        flags = pm.flags();
        fileOffset = new long[n];
        long offset = 0, present = 0, parent = 0, lazy = 0, prevEnd = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (start[i] % PAGE_SIZE != 0 || Long.compareUnsigned(start[i], prevEnd) < 0 && prevEnd != Long.MIN_VALUE) {
                throw new ImageException("read of " + pagemapName, pagemapFile, pm.offsets()[i],
                        "page-aligned entries in address order", "an entry at 0x" + Long.toHexString(start[i]), null);
            }
            // More pages than a 64-bit address space holds, or a run past its end, can only be damage.
            if (pages[i] <= 0 || pages[i] > MAX_PAGES || Long.compareUnsigned(start[i] + pages[i] * PAGE_SIZE, start[i]) < 0
                    && start[i] + pages[i] * PAGE_SIZE != 0) {
                throw new ImageException("read of " + pagemapName, pagemapFile, pm.offsets()[i],
                        "an entry of 1 to " + MAX_PAGES + " pages inside the address space",
                        pages[i] + " pages at 0x" + Long.toHexString(start[i]), null);
            }
            prevEnd = start[i] + pages[i] * PAGE_SIZE;
            if ((flags[i] & PE_PRESENT) != 0) {
                fileOffset[i] = offset;
                offset += pages[i] * PAGE_SIZE;
                present += pages[i];
                if (offset > pagesFileSize) {
                    throw new ImageException("read of " + pagemapName, pagemapFile, pm.offsets()[i],
                            "entries whose pages lie within " + pagesName + " (" + pagesFileSize + " bytes)",
                            "an entry at 0x" + Long.toHexString(start[i]) + " that needs the bytes up to " + offset, null);
                }
            } else {
                fileOffset[i] = -1;
                if ((flags[i] & PE_PARENT) != 0) parent += pages[i];
                if ((flags[i] & PE_LAZY) != 0) lazy += pages[i];
            }
        }
        presentPages = present;
        parentPages = parent;
        lazyPages = lazy;
    }

    static MemoryMap open(ImageDir dir, int pid) {
        Entries pm = Entries.read(dir.source(), "pagemap-" + pid + ".img");
        String pagesName = "pages-" + pm.pagesId() + ".img";
        if (!dir.has(pagesName)) {
            throw new ImageException("read of memory of pid " + pid, dir.source().where(pagesName), -1,
                    "the pages file named by " + pm.name(), "no such file", null);
        }
        return new MemoryMap(dir, pid, pm, pagesName, dir.source().contents(pagesName));
    }

    /**
     * A pagemap image read straight into arrays: the pages file's id, and per entry its address, page count,
     * flags and byte offset in the image. A process with a hundred thousand mappings has as many entries; as
     * protobuf messages they were most of what opening its memory cost.
     */
    record Entries(String name, String file, int pagesId, long[] vaddr, long[] pages, int[] flags, long[] offsets) {
        // Wire numbers: pagemap_head.pages_id; pagemap_entry.vaddr, compat_nr_pages, in_parent, flags, nr_pages.
        private static final int PAGES_ID = 1, VADDR = 1, COMPAT_NR_PAGES = 2, IN_PARENT = 3, FLAGS = 4, NR_PAGES = 5;

        static Entries read(CheckpointFiles source, String name) {
            String file = source.where(name);
            byte[] all;
            try (java.io.InputStream in = source.open(name)) {
                all = in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new ImageException("read of " + name, file, -1, "a readable image file", e.toString(), e);
            }
            // The magics, then size-prefixed entries: the first a pagemap_head, the others pagemap_entry. Read
            // from the one array with one decoder, as ImageFile would read them but without a stream per entry.
            if (all.length < 8 || ImageFile.le32(all, 0) != ImageKind.COMMON_MAGIC || ImageFile.le32(all, 4) != ImageKind.PAGEMAP.magic()) {
                try (ImageFile image = source.image(name)) { // names what the file is instead
                    throw new ImageException("read of " + name, file, 0, "a pagemap image", "a " + image.kind() + " image", null);
                }
            }
            // An entry takes at least 8 bytes (size prefix, two tags and one-byte values): enough room for all.
            int room = Math.max(1, (all.length - 8) / 8);
            long[] vaddr = new long[room], pages = new long[room], offsets = new long[room];
            int[] flags = new int[room];
            int n = 0, pagesId = -1;
            com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(all);
            int at = 8;
            try {
                in.skipRawBytes(8);
                if (in.isAtEnd()) throw new ImageException("read of " + name, file, -1, "a pagemap_head entry", "no entry", null);
                while (!in.isAtEnd()) {
                    at = in.getTotalBytesRead();
                    if (all.length - at < 4)
                        throw new ImageException("read of " + name, file, at, "a 4-byte entry size or the end of the file",
                                "only " + (all.length - at) + " byte(s) left", null);
                    long length = Integer.toUnsignedLong(in.readRawLittleEndian32());
                    if (length > all.length - at - 4)
                        throw new ImageException("read of " + name, file, at + 4, "a payload of " + length + " bytes (size prefix at byte " + at + ")",
                                "only " + (all.length - at - 4) + " byte(s) left in the file", null);
                    int limit = in.pushLimit((int) length);
                    if (at == 8) {
                        int tag;
                        while ((tag = in.readTag()) != 0) {
                            if (tag == (PAGES_ID << 3)) pagesId = in.readUInt32();
                            else in.skipField(tag);
                        }
                        if (pagesId == -1) throw damaged(name, file, at, "pagemap_head", "the required pages_id is missing");
                        in.popLimit(limit);
                        continue;
                    }
                    if (n == vaddr.length) {
                        int more = n * 2;
                        vaddr = Arrays.copyOf(vaddr, more);
                        pages = Arrays.copyOf(pages, more);
                        offsets = Arrays.copyOf(offsets, more);
                        flags = Arrays.copyOf(flags, more);
                    }
                    long address = 0, compat = 0, nr = -1;
                    int f = -1;
                    boolean inParent = false, hasAddress = false, hasCompat = false;
                    int tag;
                    while ((tag = in.readTag()) != 0) {
                        switch (tag) {
                            case VADDR << 3 -> { address = in.readUInt64(); hasAddress = true; }
                            case COMPAT_NR_PAGES << 3 -> { compat = Integer.toUnsignedLong(in.readUInt32()); hasCompat = true; }
                            case IN_PARENT << 3 -> inParent = in.readBool();
                            case FLAGS << 3 -> f = in.readUInt32();
                            case NR_PAGES << 3 -> nr = in.readUInt64();
                            default -> in.skipField(tag);
                        }
                    }
                    in.popLimit(limit);
                    if (!hasAddress || !hasCompat)
                        throw damaged(name, file, at, "pagemap_entry", "the required vaddr or compat_nr_pages is missing");
                    vaddr[n] = address;
                    // CRIU 4 writes the 64-bit nr_pages; older images only the 32-bit compat_nr_pages.
                    pages[n] = nr != -1 ? nr : compat;
                    // Images without flags predate them: in_parent said PE_PARENT, anything else was present.
                    flags[n] = f != -1 ? f : inParent ? PE_PARENT : PE_PRESENT;
                    offsets[n] = at;
                    n++;
                }
            } catch (java.io.IOException e) {
                throw damaged(name, file, at, at == 8 ? "pagemap_head" : "pagemap_entry", e.getMessage());
            }
            return new Entries(name, file, pagesId, Arrays.copyOf(vaddr, n), Arrays.copyOf(pages, n), Arrays.copyOf(flags, n),
                    Arrays.copyOf(offsets, n));
        }

        private static ImageException damaged(String name, String file, long at, String type, String why) {
            return new ImageException("read of " + name, file, at + 4, "a valid " + type + " protobuf message",
                    "bytes that do not parse (" + why + ")", null);
        }
    }

    /** {@return the process whose memory this is, by its pid in the dumped tree's pid namespace} */
    public int pid() { return pid; }

    /** {@return the name of the pages file ({@code pages-ID.img}) in the checkpoint} */
    public String pagesName() { return pagesName; }

    /** Where the pages file is, for messages. */
    String pagesFile() { return pagesFile; }

    /** The pages file's bytes. */
    FileContents contents() { return contents; }

    /** {@return the number of pages whose bytes are in this checkpoint's pages file} */
    public long presentPages() { return presentPages; }

    /** {@return the number of pages this checkpoint leaves to its parent (PE_PARENT)} */
    public long parentPages() { return parentPages; }

    /** {@return the number of pages marked lazy (PE_LAZY): served by a page server at restore, not in any file} */
    public long lazyPages() { return lazyPages; }

    /**
     * The pagemap entries, in address order.
     *
     * @return one run per entry of this checkpoint's pagemap (a parent's runs are not merged in)
     */
    public List<PageRun> runs() {
        List<PageRun> out = new ArrayList<>(start.length);
        for (int i = 0; i < start.length; i++) out.add(new PageRun(start[i], pages[i], flags[i]));
        return out;
    }

    /** Index of the entry holding {@code address}, or -1. */
    private int find(long address) {
        int i = Arrays.binarySearch(start, address);
        if (i < 0) i = -i - 2;
        if (i < 0 || Long.compareUnsigned(address, start[i] + pages[i] * PAGE_SIZE) >= 0) return -1;
        return i;
    }

    /**
     * Whether the byte at {@code address} can be read from this checkpoint or its parents.
     *
     * @param address a virtual address in the process
     * @return false for a page never touched, not dumped, lazy, or left to a parent checkpoint that is missing
     */
    public boolean readable(long address) {
        int i = find(address);
        if (i < 0) return false;
        if ((flags[i] & PE_PRESENT) != 0) return true;
        if ((flags[i] & PE_PARENT) != 0 && dir.parent().isPresent()) return parent().readable(address);
        return false;
    }

    /**
     * Reads {@code length} bytes of the process's memory at {@code address}, following pages left to a parent.
     *
     * @param address the first virtual address to read
     * @param length  how many bytes
     * @return the bytes as they were at dump time
     * @throws dev.cr.engine.CrException when a byte of the range is not in the checkpoint (never touched or not
     *         dumped); an {@link ImageException} when it is lazy, left to a missing parent, or the pages file is short
     */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        read(address, out, 0, length);
        return out;
    }

    /**
     * Reads into {@code dst}; every byte must be in the checkpoint (present here or in a parent).
     *
     * @param address the first virtual address to read
     * @param dst     the array to fill
     * @param off     where in {@code dst} the first byte goes
     * @param length  how many bytes
     * @throws dev.cr.engine.CrException as {@link #read(long, int)}
     */
    public void read(long address, byte[] dst, int off, int length) {
        List<Located> parts = new ArrayList<>();
        locate(address, length, parts);
        for (Located l : parts) {
            l.owner().readAt(l.fileOffset(), dst, off + (int) (l.address() - address), (int) l.length());
        }
    }

    /**
     * Appends where the bytes of [address, address+length) are, following PE_PARENT runs into the parent
     * checkpoint. Adjacent pieces that are contiguous in the same pages file are merged.
     */
    void locate(long address, long length, List<Located> out) {
        long addr = address, end = address + length;
        while (Long.compareUnsigned(addr, end) < 0) {
            int i = find(addr);
            if (i < 0) {
                throw new dev.cr.engine.CrException("read of memory of pid " + pid,
                        "address 0x" + Long.toHexString(addr) + " is not in the checkpoint: no entry of "
                                + pagemapName + " covers it (the page was never touched, or is not dumped)",
                        "pick an address inside one of the runs the memory map of pid " + pid + " lists");
            }
            long runEnd = start[i] + pages[i] * PAGE_SIZE;
            long pieceEnd = Long.compareUnsigned(runEnd, end) < 0 ? runEnd : end;
            if ((flags[i] & PE_PRESENT) != 0) {
                add(out, new Located(this, addr, fileOffset[i] + (addr - start[i]), pieceEnd - addr));
            } else if ((flags[i] & PE_PARENT) != 0) {
                if (dir.parent().isEmpty()) {
                    throw new ImageException("read of memory of pid " + pid, pagemapFile, -1,
                            "a parent checkpoint for the in-parent pages at 0x" + Long.toHexString(addr),
                            "no parent link in " + dir.where(), null);
                }
                parent().locate(addr, pieceEnd - addr, out);
            } else {
                throw new ImageException("read of memory of pid " + pid, pagemapFile, -1,
                        "pages at 0x" + Long.toHexString(addr) + " in the images", "lazy pages (kept by a page server)", null);
            }
            addr = pieceEnd;
        }
    }

    /** Like {@link #locate}, for the pieces in this checkpoint's own pages file only: others are left out. */
    void locateHere(long address, long length, List<Located> out) {
        long addr = address, end = address + length;
        while (Long.compareUnsigned(addr, end) < 0) {
            int i = find(addr);
            if (i < 0) return;
            long runEnd = start[i] + pages[i] * PAGE_SIZE;
            long pieceEnd = Long.compareUnsigned(runEnd, end) < 0 ? runEnd : end;
            if ((flags[i] & PE_PRESENT) != 0) add(out, new Located(this, addr, fileOffset[i] + (addr - start[i]), pieceEnd - addr));
            addr = pieceEnd;
        }
    }

    private static void add(List<Located> out, Located l) {
        if (!out.isEmpty()) {
            Located last = out.getLast();
            if (last.owner() == l.owner() && last.address() + last.length() == l.address()
                    && last.fileOffset() + last.length() == l.fileOffset()) {
                out.set(out.size() - 1, new Located(last.owner(), last.address(), last.fileOffset(), last.length() + l.length()));
                return;
            }
        }
        out.add(l);
    }

    /** Every dumped range of this process (present here or in a parent), located in its pages file. */
    List<Located> locateAll() {
        List<Located> out = new ArrayList<>();
        for (int i = 0; i < start.length; i++) {
            if ((flags[i] & PE_PRESENT) != 0) {
                add(out, new Located(this, start[i], fileOffset[i], pages[i] * PAGE_SIZE));
            } else if ((flags[i] & PE_PARENT) != 0 && dir.parent().isPresent()) {
                parent().locate(start[i], pages[i] * PAGE_SIZE, out);
            }
        }
        return out;
    }

    private void readAt(long position, byte[] dst, int off, int length) {
        try {
            contents.read(position, ByteBuffer.wrap(dst, off, length));
        } catch (EOFException e) {
            throw new ImageException("read of memory of pid " + pid, pagesFile, position, "page bytes", "end of file", e);
        } catch (IOException e) {
            throw new ImageException("read of memory of pid " + pid, pagesFile, position, "readable page bytes", e.toString(), e);
        }
    }

    private MemoryMap parent() {
        if (parentMap == null) parentMap = dir.parent().orElseThrow().memory(pid);
        return parentMap;
    }

    @Override
    public void close() {
        contents.close();
        if (parentMap != null) parentMap.close();
        parentMap = null;
    }
}
