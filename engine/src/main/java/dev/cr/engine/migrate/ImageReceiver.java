package dev.cr.engine.migrate;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The target's half of {@link ImageSender}: writes each iteration into {@code root/N/}, checks every file's size
 * and CRC-32C, and accepts only the names CRIU writes (plain file names, and a {@code parent} link to an earlier
 * iteration). A write that fails because the disk is full is reported as such.
 */
final class ImageReceiver {
    private final Path root;
    private final byte[] unpacked = new byte[ImageSender.CHUNK];
    private int lastIteration;

    ImageReceiver(Path root) {
        this.root = root;
    }

    /** The directory of iteration {@code n}. */
    Path iteration(int n) {
        return root.resolve(Integer.toString(n));
    }

    int lastIteration() {
        return lastIteration;
    }

    /** Handles a File (reading its Data and FileEnd), or a Link; returns bytes written. */
    long receive(Message first, Wire wire) throws IOException {
        Path dir = iteration(lastIteration + 1);
        Files.createDirectories(dir);
        switch (first) {
            case Message.Link l -> {
                if (!l.path().equals("parent") || !l.target().matches("\\.\\./[0-9]+")
                        || Integer.parseInt(l.target().substring(3)) != lastIteration)
                    throw new ProtocolError("refused link " + l.path() + " -> " + l.target()
                            + " (only 'parent' to the previous iteration is allowed)");
                Files.createSymbolicLink(dir.resolve("parent"), Path.of(l.target()));
                return 0;
            }
            case Message.File f -> {
                return receiveFile(f, dir, wire);
            }
            default -> throw new ProtocolError("unexpected " + first.getClass().getSimpleName() + " during a transfer");
        }
    }

    private long receiveFile(Message.File f, Path dir, Wire wire) throws IOException {
        String name = f.path();
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.equals("parent")
                || name.contains("\0") || f.size() < 0)
            throw new ProtocolError("refused file name '" + name + "'");
        Path dest = dir.resolve(name);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long got = 0;
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                Message m = wire.receive();
                if (m instanceof Message.Data d) {
                    byte[] data = d.bytes();
                    int len = d.length();
                    if (d.zstd()) {
                        if (d.rawLength() < 0 || d.rawLength() > unpacked.length) throw new ProtocolError("chunk too large");
                        long n = Zstd.decompressByteArray(unpacked, 0, d.rawLength(), d.bytes(), 0, d.length());
                        if (Zstd.isError(n) || n != d.rawLength()) throw new ProtocolError("a compressed chunk of " + name + " is damaged");
                        data = unpacked;
                        len = (int) n;
                    }
                    got += len;
                    if (got > f.size()) throw new ProtocolError(name + " is longer than announced");
                    crc.update(data, 0, len);
                    out.write(data, 0, len);
                } else if (m instanceof Message.FileEnd end) {
                    if (got != f.size()) throw new ProtocolError(name + ": " + got + " of " + f.size() + " bytes arrived");
                    if (end.crc32c() != (int) crc.getValue())
                        throw new ProtocolError(name + ": the CRC-32C of what arrived differs from the source's");
                    break;
                } else {
                    throw new ProtocolError("unexpected " + m.getClass().getSimpleName() + " inside file " + name);
                }
            }
        }
        return got;
    }

    /** Marks iteration {@code n} complete. */
    void iterationDone(int n) {
        if (n != lastIteration + 1) throw new ProtocolError("iteration " + n + " after " + lastIteration);
        try {
            Files.createDirectories(iteration(n)); // an iteration may be empty of files
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        lastIteration = n;
    }

    /** The peer broke the protocol: its data is not trusted, the migration stops. */
    static final class ProtocolError extends RuntimeException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
