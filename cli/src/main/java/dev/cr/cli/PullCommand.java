package dev.cr.cli;

import dev.cr.engine.registry.PullResult;
import dev.cr.engine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cr pull REF DIR}: a checkpoint out of an OCI registry, every blob checked against its digest. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Pull a checkpoint image into a new directory. Every blob is checked against its digest and "
                + "extracted by the rules of cr unpack (no absolute paths, no '..', no links out, no device files);",
                "a pre-dump chain comes back as the top directory with its parents inside as parent/.",
                "On any failure nothing is left at DIR."})
final class PullCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGISTRY/REPO[:TAG|@DIGEST]", description = "the checkpoint image")
    String ref;

    @Parameters(index = "1", paramLabel = "DIR", description = "the directory to create (or an empty one)")
    Path dir;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Mixin RegistryFlags registry;

    @Override
    public Integer call() {
        var reference = RegistryFlags.reference(spec, ref);
        PullResult r = Registry.with(registry.options(spec.commandLine().getErr(), quiet)).pull(reference, dir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pulled %s into %s%n", r.reference(), r.directory());
        out.printf("  %s checkpoint, %d layer%s (%s fetched, every digest checked), %d files, %s, in %s%n", r.kind(), r.layers(),
                r.layers() == 1 ? "" : "s", Sizes.human(r.bytesFetched()), r.files(), Sizes.human(r.bytes()), Report.seconds(r.elapsed()));
        out.flush();
        return 0;
    }
}
