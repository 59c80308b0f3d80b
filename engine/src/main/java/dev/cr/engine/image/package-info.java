/**
 * Reading CRIU image files and converting them to and from crit's JSON. Nothing here needs root, CRIU or libcriu.
 *
 * <p>A checkpoint is opened as an {@link dev.cr.engine.image.ImageDir} (a directory CRIU wrote, or an archive read in
 * place through {@link dev.cr.engine.image.CheckpointFiles}), with its chain of parent pre-dumps. The explorers read it
 * into plain records: {@link dev.cr.engine.image.ProcessTree}, {@link dev.cr.engine.image.ProcessSummary},
 * {@link dev.cr.engine.image.OpenFiles}, {@link dev.cr.engine.image.Sockets}, {@link dev.cr.engine.image.Mounts},
 * {@link dev.cr.engine.image.Mappings}, {@link dev.cr.engine.image.Rss}, {@link dev.cr.engine.image.CommandLines},
 * {@link dev.cr.engine.image.Statistics}; {@link dev.cr.engine.image.MemoryMap} reads a process's dumped memory,
 * {@link dev.cr.engine.image.MemorySearch} searches it and {@link dev.cr.engine.image.CheckpointDiff} compares two
 * checkpoints. An {@code ImageDir} and what it opens are for one thread at a time.
 *
 * <p>Below the explorers:
 * <ul>
 *   <li>{@link dev.cr.engine.image.ImageFile}: one image file as a stream of
 *       {@link dev.cr.engine.image.ImageEntry entries} (protobuf message + extra payload bytes),
 *       bounded memory, every damage reported as an {@link dev.cr.engine.image.ImageException}
 *       with file, byte offset and expectation.</li>
 *   <li>{@link dev.cr.engine.image.ImageKind}: the magic table (CRIU 4.2.1), which message each
 *       image holds and which extra payload follows its entries; raw files by name.</li>
 *   <li>{@link dev.cr.engine.image.ImageJson}: crit-compatible {@code decode}/{@code encode},
 *       encode(decode(x)) == x byte for byte.</li>
 * </ul>
 * The message classes are generated from proto/src/main/protobuf into {@code dev.cr.proto}
 * (one outer class per .proto file, message names as CRIU names them, e.g.
 * {@code CoreProto.core_entry}, {@code PagemapProto.pagemap_entry}).
 */
package dev.cr.engine.image;
