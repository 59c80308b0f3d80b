package dev.cr.engine.image;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the protobuf entries of one image file for the explorers: magic, then entries framed as a 4-byte
 * little-endian size and a payload.
 *
 * <p>Stop-gap until the generic image reader of the {@code image} branch is merged (then this class becomes a
 * thin call into it): it handles only what the explorers read (no extra payloads, no raw images).
 */
final class ImageEntries {
    private static final int COMMON_MAGIC = 0x54564319;
    private static final int SERVICE_MAGIC = 0x55105940;
    /** No entry of the images the explorers read is near this; a bigger prefix means a damaged file. */
    private static final int MAX_ENTRY = 64 << 20;

    private ImageEntries() {}

    /** One framed payload and where it starts in its file. */
    record Entry(byte[] payload, long offset) {
        <T> T parse(Parser<T> parser, Path file, String what) {
            try {
                return parser.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                throw new ImageException("read of " + file.getFileName(), file.toString(), offset,
                        "a " + what + " entry", "bytes that are not one (" + e.getMessage() + ")", e);
            }
        }
    }

    static List<Entry> read(Path file) {
        String op = "read of " + file.getFileName();
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long pos = 0;
            byte[] word = new byte[4];
            if (!full(in, word)) {
                throw new ImageException(op, file.toString(), 0, "a 4-byte image magic", "an empty file", null);
            }
            pos += 4;
            int magic = le(word);
            if (magic == COMMON_MAGIC || magic == SERVICE_MAGIC) {
                if (!full(in, word)) {
                    throw new ImageException(op, file.toString(), pos, "the 4-byte magic of the image type", "end of file", null);
                }
                pos += 4;
            }
            while (true) {
                int got = in.readNBytes(word, 0, 4);
                if (got == 0) break;
                if (got < 4) {
                    throw new ImageException(op, file.toString(), pos, "a 4-byte entry size", "end of file after " + got + " bytes", null);
                }
                long size = le(word) & 0xffffffffL;
                if (size > MAX_ENTRY) {
                    throw new ImageException(op, file.toString(), pos, "an entry size below " + MAX_ENTRY, "size " + size, null);
                }
                byte[] payload = in.readNBytes((int) size);
                if (payload.length < size) {
                    throw new ImageException(op, file.toString(), pos, "an entry of " + size + " bytes",
                            "end of file after " + payload.length + " bytes", null);
                }
                entries.add(new Entry(payload, pos));
                pos += 4 + size;
            }
            return entries;
        } catch (NoSuchFileException e) {
            throw new ImageException(op, file.toString(), -1, "the image file", "no such file", e);
        } catch (EOFException e) {
            throw new ImageException(op, file.toString(), -1, "more bytes", "end of file", e);
        } catch (IOException e) {
            throw new ImageException(op, file.toString(), -1, "a readable file", e.toString(), e);
        }
    }

    private static boolean full(InputStream in, byte[] b) throws IOException {
        return in.readNBytes(b, 0, b.length) == b.length;
    }

    private static int le(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }
}
