/**
 * Checkpoints as OCI images in a registry ({@link dev.cr.engine.registry.Registry}): each image directory of a
 * pre-dump chain is its own zstd layer (so a push after a new pre-dump sends only the new layer), the manifest
 * carries the annotations checkpoint tools read ({@link dev.cr.engine.registry.CheckpointAnnotations}), and the
 * client speaks the OCI distribution protocol over HTTPS itself ({@code java.net.http}), with Basic and
 * bearer-token authentication from the container tools' auth files.
 */
package dev.cr.engine.registry;
