package dev.cr.engine.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a checkpoint directory CRIU wrote, and the chain of directories its {@code parent} link leads to.
 * Opening checks the chain: a parent link to a missing directory or a chain that comes back to itself is an
 * {@link ImageException} naming the link.
 */
final class DirectoryFiles implements CheckpointFiles {
    private final Path path;
    private final DirectoryFiles parent;

    private DirectoryFiles(Path path, DirectoryFiles parent) {
        this.path = path;
        this.parent = parent;
    }

    /** The directory {@code start} (absolute, normalised) and its parent chain; {@code dir} as the user gave it. */
    static DirectoryFiles open(Path start, Path dir) {
        // Walk the chain first (to find loops and missing parents), then build it from the oldest.
        List<Path> chain = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Path current = start;
        while (true) {
            Path real = realPath(current);
            if (!seen.add(real)) {
                Path link = chain.getLast().resolve(ImageDir.PARENT_LINK);
                throw new ImageException("open of " + dir, link.toString(), -1,
                        "a parent link to an older checkpoint", "a loop back to " + real, null);
            }
            chain.add(current);
            Path link = current.resolve(ImageDir.PARENT_LINK);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) break;
            Path next = parentTarget(link);
            if (!Files.isDirectory(next)) {
                throw new ImageException("open of " + dir, link.toString(), -1,
                        "a parent link to an existing images directory", "a link to missing " + next, null);
            }
            current = next;
        }
        DirectoryFiles built = null;
        for (Path p : chain.reversed()) built = new DirectoryFiles(p, built);
        return built;
    }

    private static Path parentTarget(Path link) {
        try {
            Path target = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : link;
            return link.getParent().resolve(target).normalize();
        } catch (IOException e) {
            throw new ImageException("open of " + link.getParent(), link.toString(), -1, "a readable parent link", e.toString(), e);
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    @Override public String where() { return path.toString(); }

    @Override public String where(String name) { return path.resolve(name).toString(); }

    /**
     * Whether anything of that name is there but a directory. A link, FIFO or device counts, so that reading it
     * is refused by name (see {@link RegularImageFile}) instead of the file being taken as absent.
     */
    @Override
    public boolean has(String name) {
        Path p = path.resolve(name);
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            for (Path p : ds) if (Files.isRegularFile(p)) out.add(p.getFileName().toString());
        } catch (IOException e) {
            throw new ImageException("list of " + path, path.toString(), -1, "a readable directory", e.toString(), e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public long size(String name) {
        try {
            return RegularImageFile.check(path.resolve(name), "read of " + where(name)).size();
        } catch (NoSuchFileException e) {
            throw CheckpointFiles.missing(this, name, "a file");
        } catch (IOException e) {
            throw new ImageException("read of " + name, where(name), -1, "a readable file", e.toString(), e);
        }
    }

    @Override
    public InputStream open(String name) {
        try {
            return java.nio.channels.Channels.newInputStream(RegularImageFile.open(path.resolve(name), "read of " + where(name)));
        } catch (NoSuchFileException e) {
            throw CheckpointFiles.missing(this, name, "a file");
        } catch (IOException e) {
            throw new ImageException("read of " + name, where(name), -1, "a readable file", e.toString(), e);
        }
    }

    @Override
    public ImageFile image(String name) { return ImageFile.open(path.resolve(name)); }

    @Override
    public FileContents contents(String name) {
        return new Contents(path.resolve(name), size(name));
    }

    @Override public Optional<CheckpointFiles> parent() { return Optional.ofNullable(parent); }

    @Override public Optional<Path> directory() { return Optional.of(path); }

    @Override public void close() {}

    /** A file of the directory; its channel is opened on the first read and closed with it. */
    private static final class Contents implements FileContents {
        private final Path file;
        private final long size;
        private FileChannel channel;

        Contents(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        @Override public long size() { return size; }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            FileChannel ch = channel();
            long at = position;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n < 0) throw new EOFException(file + " ends at byte " + at);
                at += n;
            }
        }

        @Override public Region region() throws IOException { return new Region(channel(), 0, size); }

        private FileChannel channel() throws IOException {
            if (channel == null) channel = RegularImageFile.open(file, "read of " + file);
            return channel;
        }

        @Override
        public void close() {
            try {
                if (channel != null) channel.close();
            } catch (IOException ignored) {
                // read-only channel: nothing can be lost by a failed close
            }
            channel = null;
        }
    }
}
