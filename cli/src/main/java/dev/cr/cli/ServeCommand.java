package dev.cr.cli;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.migrate.target.ContainerPolicy;
import dev.cr.engine.migrate.target.CriuRestorer;
import dev.cr.engine.migrate.trust.Fingerprint;
import dev.cr.engine.migrate.trust.JoinTokens;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.trust.ServeState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code cr serve}: receive migrations on this host. */
@Command(name = "serve", mixinStandardHelpOptions = true, subcommands = ServeCommand.Token.class,
        description = {"Receive migrations (cr migrate) on this host over TLS 1.3.",
                "On first use it creates this host's key and certificate and prints the certificate's fingerprint;",
                "a source must know that fingerprint, and present a one-time token (cr serve token) the first time."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Not "required" for picocli: that would demand it for `cr serve token` too; checked in call().
    @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "address and port to listen on (port default 7443)")
    String listen;

    @Option(names = "--dir", paramLabel = "STATE", description = "state directory: identity, tokens, trusted sources, incoming images (default: /var/lib/cr/serve)")
    Path dir;

    @Option(names = "--lxcpath", paramLabel = "DIR", description = "where arriving LXC containers go (default: the system lxcpath)")
    Path lxcpath;

    @Option(names = "--allow-container-hooks", description = {"let arriving containers keep lxc.hook.* entries (commands liblxc",
            "runs as root here); refused by default (see docs/security.md)"})
    boolean allowHooks;

    @Option(names = "--allow-outside-rootfs", description = {"let arriving containers name a root filesystem outside their",
            "own directory; refused by default (see docs/security.md)"})
    boolean allowOutsideRootfs;

    @Option(names = "--criu", paramLabel = "PATH", description = "the CRIU executable (default: $CR_CRIU, the provisioned one, PATH)")
    Path criuPath;

    @Override
    public Integer call() throws InterruptedException {
        if (listen == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "no address to listen on: give --listen ADDR:PORT, for example --listen 10.0.0.2:" + Endpoint.DEFAULT_PORT);
        Cli.requireRoot("cr serve");
        Endpoint at = Cli.usage(spec, () -> Endpoint.parse(listen, "--listen"));
        ServeState state = new ServeState(dir == null ? ServeState.DEFAULT : dir);
        Criu criu = Criu.at(criuPath);
        PrintWriter out = spec.commandLine().getOut();
        MigrationTarget target = MigrationTarget.start(state, at.socketAddress(),
                new CriuRestorer(criu, state.dir().resolve("logs")), lxcpath,
                new ContainerPolicy(allowHooks, allowOutsideRootfs), line -> {
                    synchronized (out) {
                        out.println(Instant.now().toString().substring(11, 19) + " " + line);
                        out.flush();
                    }
                });
        String dirOpt = dir == null ? "" : " --dir " + dir;
        out.println("cr serve: listening on " + at.host() + ":" + target.address().getPort());
        out.println("fingerprint: " + target.fingerprint());
        out.println("to let a new source in, make a one-time token on this host:  cr serve token" + dirOpt);
        out.println("then on the source, with the token in a file only root reads:  cr migrate --pid PID|--lxc NAME --to "
                + at.host() + ":" + target.address().getPort() + " --fingerprint " + target.fingerprint() + " --token-file FILE");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    /** {@code cr serve token}: a one-time join token for a new source. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Create a one-time join token that lets one new source host in (it is then remembered).")
    static final class Token implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", paramLabel = "STATE", description = "the state directory of cr serve (default: /var/lib/cr/serve)")
        Path dir;

        @Option(names = "--valid", paramLabel = "HOURS", defaultValue = "24", description = "hours the token stays valid if unused (default: ${DEFAULT-VALUE})")
        long hours;

        @Option(names = "--for", paramLabel = "FINGERPRINT", description = {"bind the token to the source whose certificate has this"
                + " fingerprint (cr migrate prints it as 'client fingerprint');", "with it, a token that leaks is of no use to anyone else"})
        String forSource;

        @Override
        public Integer call() {
            ServeState state = new ServeState(dir == null ? ServeState.DEFAULT : dir);
            String fp = state.identity().fingerprint().toString();
            Fingerprint bound = forSource == null ? null : Fingerprint.parse(forSource);
            String token = state.tokens().create(Duration.ofHours(hours <= 0 ? JoinTokens.DEFAULT_VALIDITY.toHours() : hours), bound);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            System.err.println("one-time token, valid " + hours + " h" + (bound == null ? "" : ", only for the source " + bound)
                    + "; put it in a file only root can read on the source, then: cr migrate ... --fingerprint " + fp
                    + " --token-file FILE (or set " + MigrateCommand.TOKEN_ENV + ")");
            out.flush();
            return 0;
        }
    }
}
