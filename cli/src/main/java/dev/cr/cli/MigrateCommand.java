package dev.cr.cli;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.lxc.Containers;
import dev.cr.engine.migrate.source.Checkpointer;
import dev.cr.engine.migrate.source.CriuCheckpointer;
import dev.cr.engine.migrate.source.LxcCheckpointer;
import dev.cr.engine.migrate.trust.Fingerprint;
import dev.cr.engine.migrate.source.MigrationSource;
import dev.cr.engine.migrate.MigrationReport;
import dev.cr.engine.migrate.MigrationRequest;
import dev.cr.engine.migrate.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cr migrate}: move a running process tree or LXC container to a host running cr serve. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Move a running process tree (--pid) or LXC container (--lxc) to a host running cr serve.",
                "A container moves with its configuration and root filesystem (sent once while it runs, then what",
                "changed while it is frozen) and is destroyed on the source once it runs on the target.",
                "The source copy is killed only after the target reports the restore succeeded;",
                "on any failure before that the source keeps running and the target removes what it received."})
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pid", description = "the root of the process tree")
    long pid;

    @Option(names = "--lxc", paramLabel = "NAME", description = "the running LXC container to move")
    String container;

    @Option(names = {"-P", "--lxcpath"}, paramLabel = "DIR", description = "the container's lxcpath (default: the system one)")
    Path lxcpath;

    // Not "required" for picocli: --show-identity needs neither; checked in call().
    @Option(names = "--to", paramLabel = "HOST:PORT", description = "where cr serve listens")
    String to;

    @Option(names = "--show-identity", description = "print this host's client fingerprint (for cr serve token --for) and exit")
    boolean showIdentity;

    @Option(names = "--fingerprint", paramLabel = "F", description = "the target certificate's SHA-256 fingerprint, as cr serve printed it")
    String fingerprint;

    /** Refused: kept only to say why and what to use instead (any local user reads /proc/PID/cmdline). */
    @Option(names = "--token", hidden = true, paramLabel = "T")
    String tokenOnCommandLine;

    @Option(names = "--token-file", paramLabel = "FILE", description = {"a file holding the one-time join token (cr serve token),"
            + " needed the first time; - reads it from standard input.", "Or set " + TOKEN_ENV + ". Never on the command line:"
            + " any local user can read a process's arguments."})
    Path tokenFile;

    /** The environment variable that may carry the join token (readable only by the process's user and root). */
    static final String TOKEN_ENV = "CR_JOIN_TOKEN";

    @Option(names = "--pre-copy", description = "pre-dump while the workload runs, when the kernel tracks memory changes")
    boolean preCopy;

    @Option(names = "--post-copy", description = {"restore on the target before the memory has arrived; the pages follow on"
            + " demand and in the background (CRIU's lazy pages; process trees only; never the default).",
            "The frozen time no longer grows with the memory, but from the target's resume until its last page arrived the"
            + " workload needs both hosts: a connection broken for longer than 30 s loses it (docs/migrate.md, Post-copy)."})
    boolean postCopy;

    @Option(names = "--compress", paramLabel = "ALGO", defaultValue = "none", description = "zstd or none, on the wire (default: ${DEFAULT-VALUE})")
    String compress;

    @Option(names = "--json", description = "print the final report as one JSON object")
    boolean json;

    @Option(names = "--identity", paramLabel = "DIR", description = "this host's key and certificate (default: /var/lib/cr/client)")
    Path identity;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where images are staged and logs kept (default: /var/lib/cr/migrate)")
    Path workDir;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nDump options (as cr dump; the restore-side ones go to the target):%n")
    CriuDumpFlags dumpFlags;

    @Option(names = "--criu", paramLabel = "PATH", description = "the CRIU executable (default: $CR_CRIU, the provisioned one, PATH)")
    Path criuPath;

    @Override
    public Integer call() {
        if (tokenOnCommandLine != null)
            throw usage("--token puts the join token on the command line, where any local user can read it "
                    + "(/proc/PID/cmdline) and spend it first; give it with --token-file FILE, --token-file - "
                    + "(standard input) or the " + TOKEN_ENV + " environment variable");
        if (showIdentity) {
            Path dir = identity == null ? MigrationRequest.DEFAULT_IDENTITY : identity;
            var own = dev.cr.engine.migrate.trust.Identity.loadOrCreate(dir, "cr-migrate " + dev.cr.engine.migrate.trust.ServeState.hostName());
            spec.commandLine().getOut().println("client fingerprint: " + own.fingerprint());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (to == null || fingerprint == null)
            throw usage("say where to: --to HOST:PORT and --fingerprint F (as cr serve printed them)");
        if ((pid > 0) == (container != null))
            throw usage("say what to move: --pid PID or --lxc NAME (one of them)");
        if (container != null && dumpFlags != null && dumpFlags.any())
            throw usage("dump options do not apply to a container (liblxc makes its dump); "
                    + "a container's CRIU options belong in its LXC configuration");
        if (postCopy && container != null)
            throw usage("post-copy moves process trees (--pid), not containers: migrate the container without --post-copy");
        Endpoint target = Cli.usage(spec, () -> Endpoint.parse(to, "--to"));
        boolean zstd = switch (compress.toLowerCase(Locale.ROOT)) {
            case "zstd" -> true;
            case "none" -> false;
            default -> throw usage("--compress takes zstd or none, not '" + compress + "'");
        };
        Fingerprint pinned = Cli.usage(spec, () -> Fingerprint.parse(fingerprint));
        CriuDumpFlags flags = dumpFlags == null ? new CriuDumpFlags() : dumpFlags;
        Path work = workDir == null ? MigrationRequest.DEFAULT_WORK : workDir;
        if (container == null) // a bad value fails here, before anything moves
            Cli.usage(spec, () -> flags.apply(dev.cr.engine.criu.DumpOptions.builder(1, work)).build());
        String token = joinToken();
        Cli.requireRoot("cr migrate");
        if (postCopy) {
            // Refused before anything moves, with the cause and the fix: never a silent fallback to stop-and-copy.
            var support = Criu.at(criuPath).postCopySupport();
            if (!support.possible())
                throw new dev.cr.engine.CrException("cr migrate --post-copy", "post-copy cannot work on this host: "
                        + String.join("; ", support.obstacles()) + ". Nothing was touched", support.fix().orElse(null));
        }
        MigrationRequest req = new MigrationRequest(container == null ? pid : 0, target.host(), target.port(),
                pinned, token, identity, workDir, preCopy, zstd, container, postCopy);
        boolean terminal = System.console() != null && !json;
        PrintWriter err = spec.commandLine().getErr();
        Checkpointer checkpointer;
        if (container != null) {
            Containers containers = lxcpath == null ? Containers.system() : Containers.at(lxcpath);
            if (criuPath != null) containers = containers.withCriu(criuPath);
            checkpointer = LxcCheckpointer.of(containers, container, work.resolve("logs"));
        } else {
            checkpointer = new CriuCheckpointer(Criu.at(criuPath), PreDumpPolicy.defaults(), work.resolve("logs"), flags::apply);
        }
        MigrationSource m = new MigrationSource(req, checkpointer, terminal ? p -> progress(err, p) : null);
        if (postCopy)
            err.println("note: post-copy: from the target's resume until its last page arrived, the workload needs both hosts"
                    + " and the connection between them (docs/migrate.md)");
        MigrationReport r;
        try {
            r = m.run();
        } catch (MigrationSource.CommitUndelivered e) {
            // The engine says what brings the workload back; the command that does it is cr's to name.
            String restore = container != null
                    ? "cr lxc restore -P " + (lxcpath == null ? Containers.systemLxcpath() : lxcpath) + " " + container + " " + e.images()
                    : "cr restore -d -D " + e.images();
            throw new dev.cr.engine.CrException(e.operation(), e.cause(), e.fix().map(f -> f + ": " + restore).orElse(restore), e.logPath().orElse(null),
                    e.logLines(), e);
        }
        if (terminal) err.println();
        r.notes().forEach(note -> err.println("note: " + note));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Report.json(r));
        } else {
            if (container != null)
                out.printf("migrated container %s to %s: it runs there (init pid %d); removed here%n", container, target, r.targetPid());
            else
                out.printf("migrated pid %d to %s: it runs there as pid %d%n", pid, target, r.targetPid());
            Report.print(out, r);
        }
        out.flush();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The join token from --token-file (or standard input) or the environment; null when none is given. */
    private String joinToken() {
        String env = System.getenv(TOKEN_ENV);
        if (tokenFile == null) return env == null || env.isBlank() ? null : env.strip();
        try {
            // From standard input, the first line: typed (or pasted) at a terminal, or piped.
            String t;
            if (tokenFile.toString().equals("-")) {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8), 4096).readLine();
                t = line == null ? "" : line.strip();
            } else {
                t = new String(readSmall(tokenFile), java.nio.charset.StandardCharsets.UTF_8).strip();
            }
            if (t.isEmpty()) throw new dev.cr.engine.CrException("reading the join token", (tokenFile.toString().equals("-")
                    ? "standard input" : tokenFile.toString()) + " is empty", "put the token that cr serve token printed there");
            return t;
        } catch (java.io.IOException e) {
            throw new dev.cr.engine.CrException("reading the join token", "cannot read " + tokenFile + ": " + e.getMessage(),
                    "give a readable file with the token that cr serve token printed");
        }
    }

    private static byte[] readSmall(Path file) throws java.io.IOException {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            return in.readNBytes(4096);
        }
    }

    /** Whether the progress line said post-copy's window opened (and must then say when it closes). */
    private boolean windowOpen;

    private void progress(PrintWriter err, Progress p) {
        double secs = Math.max(p.elapsedMillis(), 1) / 1000.0;
        if (p.phase() == Progress.Phase.POST_COPY && !windowOpen) {
            windowOpen = true;
            err.printf("%npost-copy window opened at %.1f s: the target's copy runs; until its last page arrives the workload needs both hosts%n", secs);
        } else if (p.phase() == Progress.Phase.DONE && windowOpen) {
            windowOpen = false;
            err.printf("%npost-copy window closed at %.1f s: every page arrived%n", secs);
        }
        err.printf("\r%-10s iteration %d  %s sent  %s/s  %.1f s   ", p.phase().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                p.iteration(), Sizes.human(p.bytesSent()), Sizes.human((long) (p.bytesSent() / secs)), secs);
        err.flush();
    }
}
