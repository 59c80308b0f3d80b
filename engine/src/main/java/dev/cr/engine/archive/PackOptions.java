package dev.cr.engine.archive;

import java.util.Objects;

/**
 * How to pack a checkpoint directory.
 *
 * @param compression  the compression of the tar stream (zstd by default)
 * @param withParents  follow the {@code parent} link of a pre-dump chain and pack each parent as a real
 *                     {@code parent/} directory inside, so the archive restores on its own
 */
public record PackOptions(Compression compression, boolean withParents) {
    /**
     * Options as given.
     *
     * @param compression the compression; not null
     * @param withParents whether to pack the parent chain inside
     * @throws NullPointerException when {@code compression} is null
     */
    public PackOptions {
        Objects.requireNonNull(compression, "compression");
    }

    /** {@return zstd, without parents: a pre-dump's parent link is packed as a link} */
    public static PackOptions defaults() {
        return new PackOptions(Compression.ZSTD, false);
    }

    /**
     * These options with another compression.
     *
     * @param c the compression
     * @return a new record; this one is unchanged
     */
    public PackOptions compression(Compression c) {
        return new PackOptions(c, withParents);
    }

    /**
     * These options with or without the parent chain.
     *
     * @param w whether to pack the parent chain inside
     * @return a new record; this one is unchanged
     */
    public PackOptions withParents(boolean w) {
        return new PackOptions(compression, w);
    }
}
