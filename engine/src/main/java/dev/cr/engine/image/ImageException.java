package dev.cr.engine.image;

import dev.cr.engine.CrException;

import java.util.Optional;

/**
 * The one exception the image reader and the JSON codec throw for bad input: a truncated file,
 * an unknown magic, a size prefix past the end, a payload that is not the expected protobuf
 * message, JSON that does not describe an image. It names the file, the byte offset (in the
 * image, or in the JSON text when encoding) and what was expected there.
 */
public class ImageException extends CrException {
    /** The file (or "stdin") that holds the bad bytes. */
    private final String file;
    /** The byte offset of the problem in that file, or -1 when it has none. */
    private final long offset;
    /** What should have been there, in words. */
    private final String expected;

    /**
     * An error in an image with the usual fix: check that the file is a complete CRIU image.
     *
     * @param operation what was being done ("decode of core-1.img")
     * @param file      the file (or "stdin") that holds the bad bytes
     * @param offset    byte offset of the problem in that file, or -1 when it has no position
     * @param expected  what should have been there, in words
     * @param found     what was there instead, in words
     * @param source    the underlying exception, may be null
     */
    public ImageException(String operation, String file, long offset, String expected, String found, Throwable source) {
        this(operation, file, offset, expected, found, "check that the file is a complete CRIU image: a copy cut short "
                + "or damaged cannot be read past this point (decoding shows the entries before it)", source);
    }

    /**
     * As the other constructor, with the fix to suggest.
     *
     * @param operation what was being done ("decode of core-1.img")
     * @param file      the file (or "stdin") that holds the bad bytes
     * @param offset    byte offset of the problem in that file, or -1 when it has no position
     * @param expected  what should have been there, in words
     * @param found     what was there instead, in words
     * @param fix       what the user can do about it, in words
     * @param source    the underlying exception, may be null
     */
    public ImageException(String operation, String file, long offset, String expected, String found, String fix, Throwable source) {
        super(operation, file + (offset >= 0 ? " at byte " + offset : "") + ": expected " + expected + ", found " + found,
                fix, null, null, source);
        this.file = file;
        this.offset = offset;
        this.expected = expected;
    }

    /** {@return the file that holds the bad input} */
    public String file() { return file; }

    /** {@return byte offset of the problem in {@link #file()}, empty when it has none} */
    public Optional<Long> offset() { return offset < 0 ? Optional.empty() : Optional.of(offset); }

    /** {@return what the reader expected at that offset, in words} */
    public String expected() { return expected; }
}
