package dev.cr.engine.archive;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

/** How an archive stream is compressed. Unpacking recognises the format by its magic bytes. */
public enum Compression {
    /** Zstandard at level 3: the default, fast enough to keep up with a network link; files end in {@code .tar.zst}. */
    ZSTD(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}),
    /** gzip: slower and larger than zstd, readable everywhere; {@code .tar.gz}. */
    GZIP(new byte[] {0x1F, (byte) 0x8B}),
    /** xz at preset 3: the smallest archives, the slowest to write; {@code .tar.xz}. */
    XZ(new byte[] {(byte) 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00}),
    /** A plain tar stream; {@code .tar}. */
    NONE(new byte[0]);

    private final byte[] magic;

    Compression(byte[] magic) {
        this.magic = magic;
    }

    /**
     * Parses a user's word: zstd, gzip (or gz), xz, none.
     *
     * @param word the name, in any case: zstd (or zst), gzip (or gz), xz, none (or tar)
     * @return the compression
     * @throws ArchiveException for any other word, listing the ones known
     */
    public static Compression parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "zstd", "zst" -> ZSTD;
            case "gzip", "gz" -> GZIP;
            case "xz" -> XZ;
            case "none", "tar" -> NONE;
            default -> throw new ArchiveException("choosing the compression", "unknown compression '" + word + "'",
                    "use one of zstd, gzip, xz, none");
        };
    }

    /**
     * Wraps {@code out} so that what is written to the result reaches {@code out} compressed.
     *
     * @param out the stream the compressed bytes go to; closing the result closes it
     * @return a stream to write the uncompressed bytes to; {@code out} itself for {@link #NONE}
     * @throws IOException when writing the compressed stream's header fails
     */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            // Level 3 is zstd's default: fast enough to keep up with a network link, and checkpoint
            // pages (much zero or repeated memory) still shrink well.
            case ZSTD -> new ZstdCompressorOutputStream(out, 3);
            case GZIP -> new GzipCompressorOutputStream(out);
            case XZ -> new XZCompressorOutputStream(out, 3);
            case NONE -> out;
        };
    }

    /**
     * Wraps {@code in}, recognising the compression from its first bytes.
     *
     * @param in the compressed (or plain tar) stream; closing the result closes it
     * @return the uncompressed bytes; a stream with no known magic is taken as plain
     * @throws IOException when reading the first bytes or a compressed header fails
     */
    public static InputStream decompress(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        return detect(buffered).wrap(buffered);
    }

    /** Reads the first bytes of a mark-supporting stream and resets it. */
    static Compression detect(InputStream in) throws IOException {
        in.mark(16);
        byte[] head = in.readNBytes(8);
        in.reset();
        for (Compression c : values()) {
            if (c.magic.length > 0 && head.length >= c.magic.length
                    && Arrays.equals(Arrays.copyOf(head, c.magic.length), c.magic)) return c;
        }
        return NONE;
    }

    private InputStream wrap(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdCompressorInputStream(in);
            case GZIP -> new GzipCompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in);
            case NONE -> in;
        };
    }

    /** {@return the usual file name suffix, for messages and defaults} */
    public String suffix() {
        return switch (this) {
            case ZSTD -> ".tar.zst";
            case GZIP -> ".tar.gz";
            case XZ -> ".tar.xz";
            case NONE -> ".tar";
        };
    }
}
