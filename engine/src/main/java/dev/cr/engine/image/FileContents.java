package dev.cr.engine.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of one file of a checkpoint, read at positions: a file of a directory, the data of an archive entry
 * (an offset into the archive file), or what a compressed archive kept of it. Positions count from the file's start.
 */
public interface FileContents extends AutoCloseable {
    /** The file's length. */
    long size();

    /**
     * Fills {@code dst} with the bytes at {@code position}.
     *
     * @throws java.io.EOFException when the file ends first
     */
    void read(long position, ByteBuffer dst) throws IOException;

    /**
     * The bytes as a region of a file on disk, for scanning it mapped: the file itself, the entry inside an
     * uncompressed archive, or (for a compressed archive) a temporary copy made on this call.
     */
    Region region() throws IOException;

    /** Releases what a read opened (a directory's file); the bytes of an archive stay with the archive. */
    @Override
    void close();

    /** {@code size} bytes at {@code offset} of an open channel; the channel belongs to the checkpoint's files. */
    record Region(FileChannel channel, long offset, long size) {}
}
