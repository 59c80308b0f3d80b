/**
 * Checkpoint and restore of process trees with CRIU, through libcriu.
 *
 * <p>{@link dev.cr.engine.criu.Criu} is the entry point: {@code version()}, {@code check()}, {@code features()},
 * {@code dump}, {@code preDump}, an iterative dump driven by a {@link dev.cr.engine.criu.PreDumpPolicy}, and
 * {@code restore}. What to do is told by immutable records made with builders
 * ({@link dev.cr.engine.criu.DumpOptions}, {@link dev.cr.engine.criu.RestoreOptions}), named after CRIU's
 * command-line options; {@link dev.cr.engine.criu.NotifyListener}s hear CRIU's notifications and can veto. Results
 * ({@link dev.cr.engine.criu.DumpResult}, {@link dev.cr.engine.criu.RestoreResult}) carry the log's path and CRIU's
 * statistics.
 *
 * <p>Every call needs root (and the capabilities {@link dev.cr.engine.criu.Capabilities} lists) and a CRIU of at
 * least {@link dev.cr.engine.criu.CriuVersion#MINIMUM}, found by {@link dev.cr.engine.criu.CriuBinary}. Pre-dumps
 * need the kernel's soft-dirty memory tracking ({@link dev.cr.engine.criu.Features}). A failure is a
 * {@link dev.cr.engine.criu.CriuException}: the {@link dev.cr.engine.criu.FailureCause} recognised in the log, its
 * fix, the log's path and the lines that matter ({@link dev.cr.engine.criu.CriuLog}). A failed dump leaves the
 * tree running.
 *
 * <p>Thread safety: {@code Criu} and the option records are immutable; each call uses its own libcriu options and
 * native memory, so several threads may dump and restore at once (into different directories).
 */
package dev.cr.engine.criu;
