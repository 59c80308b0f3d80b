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
 * @param architecture the architecture the image configuration names ("amd64"); empty when it names none
 * @param os           the operating system it names ("linux"); empty when it names none
 */
public record CheckpointImage(Reference reference, String kind, Map<String, String> annotations, List<LayerInfo> layers,
                              String architecture, String os) {
    /**
     * One layer.
     *
     * @param digest    its digest, {@code sha256:} and 64 hex digits
     * @param size      its compressed size in bytes
     * @param mediaType its media type as the manifest gives it (an OCI tar layer, zstd or gzip compressed)
     * @param dir       where its image directory goes in the pulled tree: {@code .}, {@code parent},
     *                  {@code parent/parent}...
     */
    public record LayerInfo(String digest, long size, String mediaType, String dir) {}

    /**
     * One annotation of the manifest.
     *
     * @param key the annotation's key, such as {@link CheckpointAnnotations#CRIU_VERSION}
     * @return its value; empty when the manifest does not have it
     */
    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }

    /** {@return the compressed bytes of all layers: what a pull downloads} */
    public long size() {
        return layers.stream().mapToLong(LayerInfo::size).sum();
    }
}
