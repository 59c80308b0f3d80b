package dev.cr.cli;

import dev.cr.engine.archive.CheckpointArchive;
import dev.cr.engine.archive.UnpackResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cr unpack FILE DIR}: the reverse of pack, refusing anything that would write outside DIR. */
@Command(name = "unpack", mixinStandardHelpOptions = true,
        description = {"Unpack an archive made by cr pack into a new directory, checking every file against the manifest.",
                "Absolute paths, '..', links pointing out, device files and archives expanding past --max-size are refused;",
                "on any failure nothing is left at DIR."})
final class UnpackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the archive ('-' for standard input)")
    String file;

    @Parameters(index = "1", paramLabel = "DIR", description = "the directory to create (or an empty one)")
    Path dir;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "refuse archives expanding past this (default 64G; suffixes K, M, G)")
    String maxSize;

    @Override
    public Integer call() {
        long max = maxSize == null ? CheckpointArchive.DEFAULT_MAX_BYTES : Cli.usage(spec, () -> Sizes.parse("--max-size", maxSize));
        UnpackResult r = file.equals("-")
                ? CheckpointArchive.unpack(System.in, dir, max)
                : CheckpointArchive.unpack(Path.of(file), dir, max);
        spec.commandLine().getOut().printf("unpacked %d files, %s, into %s (all match the manifest)%n",
                r.files(), Sizes.human(r.bytes()), r.directory());
        return 0;
    }
}
