package dev.cr.cli;

import dev.cr.engine.registry.Reference;
import dev.cr.engine.registry.RegistryOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** How the registry commands reach a registry: the auth file and the CA. Credentials themselves never go on the command line. */
final class RegistryFlags {
    @Option(names = "--authfile", paramLabel = "FILE", description = "registry credentials in the format of podman/docker login "
            + "(default: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json, ~/.docker/config.json)")
    Path authFile;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM certificate of the CA to trust for the registry "
            + "(default: the system trust store)")
    Path caCert;

    RegistryOptions options(PrintWriter err, boolean quiet) {
        RegistryOptions o = RegistryOptions.defaults().authFile(authFile).caCertificate(caCert);
        return quiet ? o : o.progress(ProgressBar.onTerminal(err));
    }

    static Reference reference(CommandSpec spec, String text) {
        return Cli.usage(spec, () -> Reference.parse(text));
    }
}
