package dev.cr.engine.archive;

import dev.cr.engine.image.CheckpointFiles;
import dev.cr.engine.image.FileContents;
import dev.cr.engine.image.ImageDir;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images part of an archive read in place, as {@link CheckpointFiles}: the entries under {@code prefix}
 * ("checkpoint/" in a container engine's archive, "" in one cr pack made), with a packed pre-dump chain's parent
 * under {@code prefix + "parent/"}. {@code aliases} name entries outside the prefix that the explorers look for
 * among the images (Podman writes CRIU's stats-dump beside checkpoint/).
 */
final class ArchiveFiles implements CheckpointFiles {
    /** More parents than this in one archive is not a pre-dump chain anyone made. */
    private static final int MAX_CHAIN = 64;

    private final ArchiveEntries entries;
    private final String prefix;
    private final Map<String, String> aliases;
    private final boolean complete;
    private final int depth;
    private List<String> names;

    /** A view of what a pass has read so far ({@code complete} false: the list of names is not kept). */
    ArchiveFiles(ArchiveEntries entries, String prefix, boolean complete) {
        this(entries, prefix, Map.of(), complete, 0);
    }

    ArchiveFiles(ArchiveEntries entries, String prefix, Map<String, String> aliases, boolean complete, int depth) {
        this.entries = entries;
        this.prefix = prefix;
        this.aliases = aliases;
        this.complete = complete;
        this.depth = depth;
    }

    @Override public String where() { return entries.archive() + (prefix.isEmpty() ? "" : ":" + prefix); }

    @Override public String where(String name) { return entries.archive() + ":" + prefix + name; }

    private ArchiveEntry entry(String name) {
        ArchiveEntry e = entries.entry(prefix + name);
        if (e == null && aliases.containsKey(name)) e = entries.entry(aliases.get(name));
        return e;
    }

    /** The entry of a file that must be a regular file: a link or a directory there is refused. */
    private ArchiveEntry file(String name) {
        ArchiveEntry e = entry(name);
        if (e == null) throw CheckpointFiles.missing(this, name, "a file");
        if (e.kind() != ArchiveEntry.Kind.FILE) throw ArchiveEntries.notAFile(entries.archive(), e);
        return e;
    }

    @Override
    public boolean has(String name) {
        ArchiveEntry e = entry(name);
        if (e == null) return false;
        if (e.kind() != ArchiveEntry.Kind.FILE && e.kind() != ArchiveEntry.Kind.DIRECTORY) {
            // A link where an image is expected would make a reader skip it as absent: refuse it by name instead.
            throw ArchiveEntries.notAFile(entries.archive(), e);
        }
        return e.kind() == ArchiveEntry.Kind.FILE;
    }

    /** For a view of a pass still reading: the names so far, sorted, and how many entries they came from. */
    private final List<String> growing = new ArrayList<>();
    private int consumed;

    @Override
    public List<String> names() {
        if (names != null) return names;
        if (!complete && entries.entries() instanceof List<ArchiveEntry> list) {
            // Asked again at every pages file of a pass: take in only the entries that came since.
            for (; consumed < list.size(); consumed++) {
                ArchiveEntry e = list.get(consumed);
                if (e.kind() != ArchiveEntry.Kind.FILE || !e.name().startsWith(prefix)) continue;
                String rest = e.name().substring(prefix.length());
                if (rest.contains("/")) continue;
                int at = java.util.Collections.binarySearch(growing, rest);
                if (at < 0) growing.add(-at - 1, rest);
            }
            return java.util.Collections.unmodifiableList(growing);
        }
        List<String> out = new ArrayList<>();
        for (ArchiveEntry e : entries.entries()) {
            if (e.kind() != ArchiveEntry.Kind.FILE || !e.name().startsWith(prefix)) continue;
            String rest = e.name().substring(prefix.length());
            if (!rest.contains("/")) out.add(rest);
        }
        for (String alias : aliases.keySet()) if (!out.contains(alias) && has(alias)) out.add(alias);
        out.sort(null);
        if (complete) names = List.copyOf(out);
        return out;
    }

    @Override public long size(String name) { return file(name).size(); }

    @Override public InputStream open(String name) { return entries.open(file(name)); }

    @Override public FileContents contents(String name) { return entries.contents(file(name)); }

    @Override
    public Optional<CheckpointFiles> parent() {
        String p = prefix + ImageDir.PARENT_LINK + "/";
        ArchiveEntry link = entries.entry(prefix + ImageDir.PARENT_LINK);
        if (link != null && link.kind() != ArchiveEntry.Kind.DIRECTORY) throw ArchiveEntries.notAFile(entries.archive(), link);
        boolean any = link != null;
        if (!any) {
            for (ArchiveEntry e : entries.entries()) {
                if (e.name().startsWith(p)) {
                    any = true;
                    break;
                }
            }
        }
        if (!any) return Optional.empty();
        if (depth >= MAX_CHAIN)
            throw ArchiveEntries.refuse(p, "the archive nests more than " + MAX_CHAIN + " parent checkpoints", "reading " + where());
        return Optional.of(new ArchiveFiles(entries, p, Map.of(), complete, depth + 1));
    }

    /** The archive is closed by the {@link ArchivedCheckpoint} that opened it. */
    @Override public void close() {}
}
