package dev.cr.engine.image;

/**
 * Which bytes of a pages file a view will read, told to a reader that sees a compressed archive once, as a
 * stream: when it comes to {@code pages-ID.img} it keeps those bytes (a page or two per process for command
 * lines) and lets the rest go by, so no page is written anywhere. The answer can only use the files that came
 * before the pages file in the archive; when they do not say enough, the reader reads the archive again if a
 * view then asks for those pages.
 */
@FunctionalInterface
public interface PageCapture {
    /** Keeps no page: the view reads none (mappings, files, sockets), or reads them all (a memory search). */
    PageCapture NONE = (name, seen) -> new long[0];

    /**
     * The bytes of the coming pages file to keep.
     *
     * @param pagesName the pages file coming next ({@code pages-1.img})
     * @param seen      the checkpoint's files that came before it (image files only, no pages)
     * @return offset and length pairs of the bytes to keep, or null when {@code seen} does not say yet
     */
    long[] ranges(String pagesName, CheckpointFiles seen);
}
