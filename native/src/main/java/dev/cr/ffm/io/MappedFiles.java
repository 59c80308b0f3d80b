package dev.cr.ffm.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.util.zip.Checksum;

/**
 * Reads files through read-only mappings, unmapped all at once when this is closed (one confined arena), so that a
 * scan over gigabytes of pages copies nothing to the heap and holds no mapping past its end. {@link Region} gives
 * the bytes in Java types: the engine never holds a {@code MemorySegment}. Confined to the thread that made it.
 */
public final class MappedFiles implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();

    private MappedFiles() {}

    /** A set of mappings that live until {@link #close()}. */
    public static MappedFiles confined() {
        return new MappedFiles();
    }

    /** Maps {@code size} bytes of {@code channel} from {@code offset}, read-only. */
    public Region map(FileChannel channel, long offset, long size) throws IOException {
        return new Region(channel.map(FileChannel.MapMode.READ_ONLY, offset, size, arena));
    }

    /** Unmaps every region mapped here. */
    @Override
    public void close() {
        arena.close();
    }

    /**
     * Mapped bytes, addressed from 0. Multi-byte reads are unaligned and in the machine's byte order, as a scan
     * over arbitrary offsets needs.
     */
    public static final class Region {
        private final MemorySegment bytes;

        private Region(MemorySegment bytes) {
            this.bytes = bytes;
        }

        /** The same view over bytes on the heap (tests, small inputs). */
        public static Region of(byte[] heap) {
            return new Region(MemorySegment.ofArray(heap));
        }

        public long size() {
            return bytes.byteSize();
        }

        public byte byteAt(long offset) {
            return bytes.get(ValueLayout.JAVA_BYTE, offset);
        }

        public long longAt(long offset) {
            return bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        }

        /** Copies {@code count} bytes from {@code offset} into {@code dst[at..]}. */
        public void copyBytes(long offset, byte[] dst, int at, int count) {
            MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, offset, dst, at, count);
        }

        /** Copies {@code count} 8-byte words from {@code offset} into {@code dst[at..]}. */
        public void copyLongs(long offset, long[] dst, int at, int count) {
            MemorySegment.copy(bytes, ValueLayout.JAVA_LONG_UNALIGNED, offset, dst, at, count);
        }

        /** A copy of {@code length} bytes from {@code offset}. */
        public byte[] bytes(long offset, long length) {
            return bytes.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        }

        /** Feeds {@code length} bytes from {@code offset} to {@code checksum}, in slices of at most 1 GiB. */
        public void update(Checksum checksum, long offset, long length) {
            for (long off = 0; off < length; off += 1 << 30) {
                checksum.update(bytes.asSlice(offset + off, Math.min(1L << 30, length - off)).asByteBuffer());
            }
        }
    }
}
