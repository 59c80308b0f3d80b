package dev.cr.engine.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint image as the registry describes it, read from its manifest and configuration only (no layer
 * is fetched): what {@code cr inspect REF} shows.
 *
 * @param reference   the reference asked for, with the digest it resolved to
 * @param kind        {@code process}, {@code container}, or {@code unknown} for an image no checkpoint tool made
 * @param annotations the manifest's annotations
 * @param layers      the layers, oldest (the chain's first image directory) first
 * @param architecture and {@code os}: from the image configuration
 */
public record CheckpointImage(Reference reference, String kind, Map<String, String> annotations, List<LayerInfo> layers,
                              String architecture, String os) {
    /** One layer: its digest, compressed size, media type and where it goes ({@code .}, {@code parent}, ...). */
    public record LayerInfo(String digest, long size, String mediaType, String dir) {}

    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }

    /** Compressed bytes of all layers. */
    public long size() {
        return layers.stream().mapToLong(LayerInfo::size).sum();
    }
}
