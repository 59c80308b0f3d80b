/**
 * Checkpoints as files: packing a checkpoint directory into one tar stream (zstd, gzip, xz or none) and unpacking
 * it safely, and reading archives in place.
 *
 * <ul>
 *   <li>{@link dev.cr.engine.archive.CheckpointArchive}: {@code pack} and {@code unpack}, streaming (memory stays
 *       bounded whatever the checkpoint's size), every file checked against a SHA-256
 *       {@link dev.cr.engine.archive.Manifest}; a failed unpack leaves nothing behind.</li>
 *   <li>{@link dev.cr.engine.archive.ArchivedCheckpoint}: an archive of {@code cr pack}, Podman, CRI-O or containerd
 *       opened for the image explorers without extracting it;
 *       {@link dev.cr.engine.archive.ContainerMetadata} reads what the container engine wrote beside it.</li>
 *   <li>{@link dev.cr.engine.archive.PodmanCheckpoint}: a container engine's archive extracted to a temporary
 *       directory, for restoring it.</li>
 * </ul>
 * Extraction refuses what a hostile archive may hold: absolute paths, {@code ..}, paths through links, devices and
 * more bytes than allowed ({@link dev.cr.engine.archive.SafeExtraction}). Failures are
 * {@link dev.cr.engine.archive.ArchiveException}s. Nothing here needs root or CRIU.
 */
package dev.cr.engine.archive;
