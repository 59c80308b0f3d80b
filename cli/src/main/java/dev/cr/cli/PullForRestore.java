package dev.cr.cli;

import dev.cr.engine.CrException;
import dev.cr.engine.registry.CheckpointAnnotations;
import dev.cr.engine.registry.PullResult;
import dev.cr.engine.registry.Registry;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cr restore --from REF}: pulls the checkpoint into a new directory first. The directory is kept after the
 * restore: CRIU writes its restore log there, and logs are kept.
 */
final class PullForRestore {
    static final Path DEFAULT_PARENT = Path.of("/var/tmp/cr-pull");

    private PullForRestore() {}

    static Path pull(CommandSpec spec, String from, Path dir, RegistryFlags flags) {
        var ref = RegistryFlags.reference(spec, from);
        Path target = dir;
        if (target == null) {
            try {
                Files.createDirectories(DEFAULT_PARENT);
                target = Files.createTempDirectory(DEFAULT_PARENT, ref.repository().replace('/', '-') + "-");
            } catch (IOException e) {
                throw new CrException("cr restore --from " + from, "cannot create a directory under " + DEFAULT_PARENT + ": "
                        + e.getMessage(), "give one with --dir DIR");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        PullResult r = Registry.with(flags.options(err, false)).pull(ref, target);
        if (!r.kind().equals(CheckpointAnnotations.KIND_PROCESS))
            throw new CrException("cr restore --from " + from, ref + " is a " + r.kind() + " checkpoint (pulled into "
                    + r.directory() + "), not a CRIU images directory", "restore a container checkpoint with its container engine (podman container restore --import)");
        // On standard error: standard output stays the restore's own (its --json too).
        err.printf("pulled %s into %s (%d layer%s, %s, every digest checked)%n", r.reference(), r.directory(), r.layers(),
                r.layers() == 1 ? "" : "s", Sizes.human(r.bytesFetched()));
        err.flush();
        return r.directory();
    }
}
