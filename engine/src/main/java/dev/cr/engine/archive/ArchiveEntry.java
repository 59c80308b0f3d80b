package dev.cr.engine.archive;

/**
 * One entry of a tar archive as an in-place reader knows it: its normalised name, what it is, and for a regular
 * file of an uncompressed archive where its bytes lie in the archive file ({@code offset} is -1 when the archive
 * is compressed and the bytes have no fixed place).
 */
record ArchiveEntry(String name, Kind kind, long offset, long size, String link) {
    enum Kind {
        FILE("a regular file"), DIRECTORY("a directory"), SYMLINK("a symbolic link"), HARDLINK("a hard link"),
        OTHER("a special entry (device, FIFO, sparse file or unknown type)");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    long end() { return offset + size; }
}
