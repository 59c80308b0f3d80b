package dev.cr.engine.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits between the decompressor and the tar reader and counts the decompressed bytes the reader takes. The tar
 * reader reads a GNU long name or a PAX header whole into memory before it hands out the entry, so the checks
 * on entries come too late for those: this stream stops the read itself. Two ceilings: one for the next step
 * (the rest of the current entry, then one header of at most {@link #HEADER} bytes), one for the whole archive
 * (the file limit, the manifest, and {@link #PER_ENTRY} bytes of headers for every entry seen).
 */
final class TarBudget extends FilterInputStream {
    /** The most bytes one header may take, long name and PAX records included: a path is at most 4 KiB (PATH_MAX). */
    static final long HEADER = 64 << 10;
    /** Header and padding bytes allowed per entry on top of the file bytes, for the total ceiling. */
    static final long PER_ENTRY = 4 << 10;

    /** Thrown (as an IOException, so it travels through the tar reader) when a ceiling is reached. */
    static final class Exceeded extends IOException {
        final boolean header;

        Exceeded(boolean header, String message) {
            super(message);
            this.header = header;
        }
    }

    private final long fileLimit;
    private long consumed;
    private long stepCeiling;
    private int entries;

    TarBudget(InputStream in, long fileLimit) {
        super(in);
        this.fileLimit = fileLimit;
        this.stepCeiling = HEADER;
    }

    /** Called for every entry the reader hands out: allows its data (rounded to tar blocks) and the next header. */
    void entry(long size) {
        entries++;
        long data = size < 0 ? 0 : (size + 511) / 512 * 512;
        stepCeiling = consumed + Math.min(data, Long.MAX_VALUE / 4) + HEADER;
    }

    private long totalCeiling() {
        return fileLimit + SafeExtraction.MAX_MANIFEST + (entries + 1) * PER_ENTRY + HEADER;
    }

    private void check(long more) throws Exceeded {
        long after = consumed + more;
        if (after > totalCeiling())
            throw new Exceeded(false, "the archive expands past the limit of " + fileLimit
                    + " bytes of files (plus the manifest and " + PER_ENTRY + " bytes of headers per entry)");
        if (after > stepCeiling)
            throw new Exceeded(true, "a tar header (a GNU long name or PAX record) is more than " + HEADER
                    + " bytes long; no path is that long");
    }

    /** How much to ask the underlying stream for, so that a read never goes more than one byte past a ceiling. */
    private int allowed(int len) {
        long room = Math.min(stepCeiling, totalCeiling()) - consumed + 1;
        return (int) Math.max(1, Math.min(len, room));
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            check(1);
            consumed++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n = in.read(b, off, allowed(len));
        if (n > 0) {
            check(n);
            consumed += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(Math.min(n, allowed((int) Math.min(n, Integer.MAX_VALUE))));
        if (s > 0) {
            check(s);
            consumed += s;
        }
        return s;
    }
}
