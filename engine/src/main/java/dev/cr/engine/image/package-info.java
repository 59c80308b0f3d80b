/**
 * Reading CRIU image files and converting them to and from crit's JSON.
 *
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
