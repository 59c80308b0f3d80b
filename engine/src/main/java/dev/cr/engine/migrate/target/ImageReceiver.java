package dev.cr.engine.migrate.target;

import dev.cr.engine.migrate.protocol.FileBody;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.ProtocolError;
import dev.cr.engine.migrate.protocol.Wire;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The target's half of {@code ImageSender}: writes each iteration into {@code root/N/}, checks every file's size
 * and CRC-32C, and accepts only the names CRIU writes (plain file names, and a {@code parent} link to an earlier
 * iteration). A write that fails because the disk is full is reported as such. Files that arrive in Parts (sent
 * while the source's dump still wrote them) are appended piece by piece and checked as a whole at PartsDone; an
 * iteration with such a file still open is refused.
 */
public final class ImageReceiver {
    private final Path root;
    private final FileBody body = new FileBody();
    /** Files arriving in Parts: what arrived of each so far. */
    private final Map<String, Partial> partial = new HashMap<>();
    private int lastIteration;

    private static final class Partial {
        final CRC32C crc = new CRC32C();
        long got;
    }

    /**
     * A receiver that writes iteration {@code N} into {@code root/N/}.
     *
     * @param root the migration's staging directory
     */
    public ImageReceiver(Path root) {
        this.root = root;
    }

    /**
     * The directory of iteration {@code n}.
     *
     * @param n the iteration's number, from 1
     * @return {@code root/n}, which exists once something of that iteration arrived
     */
    public Path iteration(int n) {
        return root.resolve(Integer.toString(n));
    }

    /** {@return the number of the last complete iteration, 0 before the first} */
    public int lastIteration() {
        return lastIteration;
    }

    /**
     * Handles one message of the next iteration: a File (reading its Data and FileEnd from {@code wire}), a Link, a
     * Part, PartsDone or PartsDropped.
     *
     * @param first the message just read
     * @param wire  the connection, for the Data and FileEnd frames that follow a File
     * @return the bytes written to disk
     * @throws IOException when a file cannot be written (a full disk included) or the connection fails
     * @throws RuntimeException a protocol error for a message that does not fit (a bad name, a bad link, a size or
     *                          CRC-32C that does not match): the source is not speaking the protocol
     */
    public long receive(Message first, Wire wire) throws IOException {
        Path dir = iteration(lastIteration + 1);
        Files.createDirectories(dir);
        switch (first) {
            case Message.Link l -> {
                if (!l.path().equals("parent") || !l.target().matches("\\.\\./[0-9]+")
                        || Integer.parseInt(l.target().substring(3)) != lastIteration)
                    throw new ProtocolError("refused link " + l.path() + " -> " + l.target()
                            + " (only 'parent' to the previous iteration is allowed)");
                Path link = dir.resolve("parent");
                // The iteration's page server needed the link before the dump began: then it is there already.
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(Path.of(l.target()))) return 0;
                Files.createSymbolicLink(link, Path.of(l.target()));
                return 0;
            }
            case Message.File f -> {
                checkName(f.path());
                if (f.size() < 0 || partial.containsKey(f.path())) throw new ProtocolError("refused file " + f.path());
                return receiveFile(f, dir, wire);
            }
            case Message.Part p -> {
                return receivePart(p, dir);
            }
            case Message.PartsDone d -> {
                Partial got = partial.remove(d.path());
                if (got == null) throw new ProtocolError("end of " + d.path() + ", which was never started");
                if (got.got != d.size()) throw new ProtocolError(d.path() + ": " + got.got + " of " + d.size() + " bytes arrived");
                if (d.crc32c() != (int) got.crc.getValue())
                    throw new ProtocolError(d.path() + ": the CRC-32C of what arrived differs from the source's");
                return 0;
            }
            case Message.PartsDropped d -> {
                if (partial.remove(d.path()) == null) throw new ProtocolError("dropping " + d.path() + ", which was never started");
                Files.deleteIfExists(dir.resolve(d.path()));
                return 0;
            }
            default -> throw new ProtocolError("unexpected " + first.getClass().getSimpleName() + " during a transfer");
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.equals("parent")
                || name.contains("\0"))
            throw new ProtocolError("refused file name '" + name + "'");
    }

    private long receivePart(Message.Part p, Path dir) throws IOException {
        Partial got = partial.get(p.path());
        boolean first = got == null;
        if (first) {
            checkName(p.path());
            got = new Partial();
        }
        byte[] data = p.bytes();
        int len = p.length();
        if (p.zstd()) {
            data = body.unpacked();
            len = body.inflate(p.rawLength(), p.bytes(), p.length(), p.path());
        }
        // Opened per piece (pieces are up to a MiB): no descriptor stays open if the migration stops half-way.
        try (OutputStream out = Files.newOutputStream(dir.resolve(p.path()), first
                ? new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS}
                : new OpenOption[] {StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS})) {
            if (first) partial.put(p.path(), got);
            out.write(data, 0, len);
        }
        got.crc.update(data, 0, len);
        got.got += len;
        return len;
    }

    private long receiveFile(Message.File f, Path dir, Wire wire) throws IOException {
        String name = f.path();
        Path dest = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            return body.receive(wire, out, name, f.size());
        }
    }

    /**
     * Marks iteration {@code n} complete.
     *
     * @param n the iteration's number: the one after {@link #lastIteration()}
     * @throws RuntimeException a protocol error when {@code n} is out of order or a file sent in Parts is unfinished
     * @throws java.io.UncheckedIOException when the iteration's (empty) directory cannot be made
     */
    public void iterationDone(int n) {
        if (n != lastIteration + 1) throw new ProtocolError("iteration " + n + " after " + lastIteration);
        if (!partial.isEmpty()) throw new ProtocolError("iteration " + n + " ended with " + partial.keySet() + " incomplete");
        try {
            Files.createDirectories(iteration(n)); // an iteration may be empty of files
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        lastIteration = n;
    }
}
