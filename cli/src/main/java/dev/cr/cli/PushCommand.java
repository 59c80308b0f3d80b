package dev.cr.cli;

import dev.cr.engine.registry.PushResult;
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

/** {@code cr push DIR|ARCHIVE REGISTRY/REPO:TAG}: a checkpoint into an OCI registry. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Push a checkpoint to an OCI registry as an image: a CRIU images directory (each image directory "
                + "of a pre-dump chain its own layer, so a push after a new pre-dump sends only the new layer), an archive "
                + "made by cr pack, or a Podman/CRI-O checkpoint archive (one layer, annotated as checkpointctl build does).",
                "The tag is set last: a push that fails leaves it as it was. Credentials come from an auth file only."})
final class PushCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR|ARCHIVE", description = "the checkpoint directory or archive")
    Path source;

    @Parameters(index = "1", paramLabel = "REGISTRY/REPO:TAG", description = "where to push, e.g. registry.example.com/checkpoints/app:v1")
    String ref;

    @Option(names = "--with-parents", description = "push the pre-dump chain the directory's 'parent' link starts, one layer per directory")
    boolean withParents;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Mixin RegistryFlags registry;

    @Override
    public Integer call() {
        var reference = RegistryFlags.reference(spec, ref);
        PrintWriter out = spec.commandLine().getOut();
        PushResult r = Registry.with(registry.options(spec.commandLine().getErr(), quiet)).push(source, reference, withParents);
        out.printf("pushed %s to %s%n", source, r.reference());
        out.printf("  %d layer%s: %d sent, %d already in the registry (%s), %d compressed; %s uploaded in %s%n", r.layers(),
                r.layers() == 1 ? "" : "s", r.layersSent(), r.layers() - r.layersSent(), Sizes.human(r.bytesReused()),
                r.layersBuilt(), Sizes.human(r.bytesSent()), Report.seconds(r.elapsed()));
        out.flush();
        return 0;
    }
}
