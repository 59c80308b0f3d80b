package dev.cr.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every process checkpoint command shares: which CRIU to run and how to print its result. */
final class ResultFlags {
    @Option(names = "--stats", description = "Print CRIU's statistics (times, pages).")
    boolean stats;
    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;
    @Option(names = "--criu", paramLabel = "PATH", description = "The CRIU executable (default: $CR_CRIU, the provisioned one, PATH).")
    Path criu;
}
