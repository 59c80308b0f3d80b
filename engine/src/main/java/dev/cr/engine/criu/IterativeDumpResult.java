package dev.cr.engine.criu;

import java.util.List;
import java.util.Optional;

/**
 * A dump made after pre-dump iterations.
 *
 * @param preDumps      each pre-dump, in order, with why the policy went on or stopped after it
 * @param finalDump     the final dump (against the last pre-dump as its parent)
 * @param fallback      why no pre-dump was made (no memory tracking on this kernel), when that happened
 */
public record IterativeDumpResult(List<Iteration> preDumps, DumpResult finalDump, Optional<String> fallback) {
    /**
     * Copies the list of pre-dumps.
     *
     * @param preDumps  each pre-dump, in order
     * @param finalDump the final dump
     * @param fallback  why no pre-dump was made, or empty
     */
    public IterativeDumpResult {
        preDumps = List.copyOf(preDumps);
    }

    /**
     * One pre-dump and the policy's decision after it.
     *
     * @param number   its number, from 1; its images are in {@code pre-NUMBER} under the dump's directory
     * @param result   the pre-dump's result, with its statistics and log
     * @param decision what the policy decided after it
     */
    public record Iteration(int number, DumpResult result, PreDumpPolicy.Decision decision) {}
}
