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
    public PackOptions {
        Objects.requireNonNull(compression, "compression");
    }

    public static PackOptions defaults() {
        return new PackOptions(Compression.ZSTD, false);
    }

    public PackOptions compression(Compression c) {
        return new PackOptions(c, withParents);
    }

    public PackOptions withParents(boolean w) {
        return new PackOptions(compression, w);
    }
}
