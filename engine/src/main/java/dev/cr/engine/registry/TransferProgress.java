package dev.cr.engine.registry;

/**
 * Told how a push or pull goes, blob by blob, for a progress bar. Called from the transferring thread, often
 * (after every buffer), so an implementation must be quick; it may throw to abort the transfer.
 */
@FunctionalInterface
public interface TransferProgress {
    /** Tells nobody. */
    TransferProgress NONE = (blob, done, total) -> {};

    /**
     * Some more bytes of a blob went through.
     *
     * @param blob  what is moving, in words ("layer 2/3 sha256:1a2b...", "config")
     * @param done  bytes moved so far
     * @param total bytes it has, or -1 when not known
     */
    void moved(String blob, long done, long total);

    /**
     * A blob the registry already had and was not sent again.
     *
     * @param blob what was skipped, in words, as in {@link #moved}
     * @param size its size in bytes
     */
    default void skipped(String blob, long size) {}
}
