package dev.cr.engine.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of one file of a checkpoint, read at positions: a file of a directory, the data of an archive entry
 * (an offset into the archive file), or what a compressed archive kept of it. Positions count from the file's start.
 */
public interface FileContents extends AutoCloseable {
    /**
     * The file's length.
     *
     * @return the length in bytes, as stored (uncompressed)
     */
    long size();

    /**
     * Fills {@code dst} with the bytes at {@code position}.
     *
     * @param position the byte offset in the file to read from
     * @param dst      filled from its position up to its limit
     * @throws java.io.EOFException when the file ends first
     * @throws IOException when reading the underlying file or archive fails
     */
    void read(long position, ByteBuffer dst) throws IOException;

    /**
     * The bytes as a region of a file on disk, for scanning it mapped: the file itself, the entry inside an
     * uncompressed archive, or (for a compressed archive) a temporary copy made on this call.
     *
     * @return the region; its channel stays open until this object (or the archive) is closed
     * @throws IOException when the file cannot be opened or the temporary copy cannot be written
     */
    Region region() throws IOException;

    /** Releases what a read opened (a directory's file); the bytes of an archive stay with the archive. */
    @Override
    void close();

    /**
     * {@code size} bytes at {@code offset} of an open channel; the channel belongs to the checkpoint's files, do
     * not close it.
     *
     * @param channel the open file holding the bytes
     * @param offset  where the file's first byte is in the channel
     * @param size    the file's length in bytes
     */
    record Region(FileChannel channel, long offset, long size) {}
}
