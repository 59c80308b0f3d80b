package dev.cr.engine.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * What a cr archive holds: each regular file with its size and SHA-256, each symbolic link with its target.
 * It is written as the last entry of the tar stream, because packing streams and only knows the checksums
 * once every file went through; unpacking checks every extracted file against it at the end.
 *
 * <p>Text format, one line per entry, fields separated by tabs, the path last:
 * {@code file SIZE SHA256 PATH}, {@code link TARGET PATH}, {@code dir PATH}.
 *
 * @param entries the archive's paths (relative, '/'-separated) in the order they were packed, each with what it is
 */
public record Manifest(SequencedMap<String, Entry> entries) {
    /** The name of the manifest entry inside an archive. */
    public static final String NAME = ".cr-manifest";
    static final String HEADER = "# cr checkpoint archive manifest, version 1";

    /** One thing in the archive. */
    public sealed interface Entry permits File, Link, Dir {}

    /**
     * A regular file.
     *
     * @param size   its length in bytes
     * @param sha256 the SHA-256 of its bytes, 64 lower-case hex digits
     */
    public record File(long size, String sha256) implements Entry {}

    /**
     * A symbolic link, kept as a link (a pre-dump's {@code parent} link when parents are not packed).
     *
     * @param target the link's target as it was read, not resolved
     */
    public record Link(String target) implements Entry {}

    /** A directory (the {@code parent/} directories of a chain packed with its parents). */
    public record Dir() implements Entry {}

    /**
     * A manifest holding a copy of {@code entries}.
     *
     * @param entries paths to what they are, in order
     */
    public Manifest {
        entries = new LinkedHashMap<>(entries);
    }

    /** An empty manifest, to which packing adds each entry as it goes. */
    public Manifest() {
        this(new LinkedHashMap<>());
    }

    void add(String path, Entry entry) {
        entries.put(path, entry);
    }

    /** {@return the total bytes of regular files, the size of the unpacked checkpoint} */
    public long bytes() {
        return entries.values().stream().mapToLong(e -> e instanceof File f ? f.size() : 0).sum();
    }

    /** {@return the number of regular files} */
    public long files() {
        return entries.values().stream().filter(e -> e instanceof File).count();
    }

    byte[] encode() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            switch (e.getValue()) {
                case File f -> sb.append("file\t").append(f.size()).append('\t').append(f.sha256());
                case Link l -> sb.append("link\t").append(l.target());
                case Dir d -> sb.append("dir");
            }
            sb.append('\t').append(e.getKey()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Manifest decode(InputStream in) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = reader.readLine();
        if (!HEADER.equals(first)) throw new IOException("the manifest does not start with '" + HEADER + "'");
        Manifest m = new Manifest();
        String line;
        int n = 1;
        while ((line = reader.readLine()) != null) {
            n++;
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case "file" -> m.add(f[3], new File(Long.parseLong(f[1]), f[2]));
                    case "link" -> m.add(f[2], new Link(f[1]));
                    case "dir" -> m.add(f[1], new Dir());
                    default -> throw new IOException("manifest line " + n + " has an unknown kind '" + f[0] + "'");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IOException("manifest line " + n + " is malformed: " + line);
            }
        }
        return m;
    }
}
