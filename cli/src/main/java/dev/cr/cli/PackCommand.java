package dev.cr.cli;

import dev.cr.engine.archive.CheckpointArchive;
import dev.cr.engine.archive.Compression;
import dev.cr.engine.archive.PackOptions;
import dev.cr.engine.archive.PackResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cr pack DIR FILE}: a checkpoint directory as one archive file with a checksum manifest. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Pack a checkpoint directory into an archive (tar with a SHA-256 manifest; zstd by default).")
final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the checkpoint directory")
    Path dir;

    @Parameters(index = "1", paramLabel = "FILE", description = "the archive to write ('-' for standard output)")
    String file;

    @Option(names = "--compress", paramLabel = "ALGO", defaultValue = "zstd",
            description = "zstd, gzip, xz or none (default: ${DEFAULT-VALUE})")
    String compress;

    @Option(names = "--with-parents", description = "include the parent (pre-dump) chain, so the archive restores on its own")
    boolean withParents;

    @Override
    public Integer call() {
        PackOptions options = new PackOptions(Cli.usage(spec, () -> Compression.parse(compress)), withParents);
        if (file.equals("-")) {
            CheckpointArchive.pack(dir, System.out, options);
            return 0;
        }
        PackResult r = CheckpointArchive.pack(dir, Path.of(file), options);
        spec.commandLine().getOut().printf("packed %d files, %s, into %s (%s)%n",
                r.files(), Sizes.human(r.bytes()), file, Sizes.human(r.archiveBytes()));
        return 0;
    }
}
