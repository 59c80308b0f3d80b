/**
 * CRIU's dump and restore statistics ({@code stats-dump}, {@code stats-restore}), readable without libcriu.
 */
package dev.cr.engine.stats;
