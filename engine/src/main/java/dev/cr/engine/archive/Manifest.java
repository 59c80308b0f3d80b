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
 */
public record Manifest(SequencedMap<String, Entry> entries) {
    /** The name of the manifest entry inside an archive. */
    public static final String NAME = ".cr-manifest";
    static final String HEADER = "# cr checkpoint archive manifest, version 1";

    /** One thing in the archive. */
    public sealed interface Entry permits File, Link, Dir {}

    public record File(long size, String sha256) implements Entry {}

    public record Link(String target) implements Entry {}

    public record Dir() implements Entry {}

    public Manifest {
        entries = new LinkedHashMap<>(entries);
    }

    public Manifest() {
        this(new LinkedHashMap<>());
    }

    void add(String path, Entry entry) {
        entries.put(path, entry);
    }

    /** Total bytes of regular files. */
    public long bytes() {
        return entries.values().stream().mapToLong(e -> e instanceof File f ? f.size() : 0).sum();
    }

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
