package dev.cr.cli;

import dev.cr.engine.criu.DumpOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code cr dump} and {@code cr pre-dump}, named as CRIU names them ({@link CriuDumpFlags} holds those a migration takes too). */
final class DumpFlags {
    @Option(names = {"-t", "--pid", "--tree"}, required = true, paramLabel = "PID", description = "Root of the process tree to dump.")
    int pid;

    @Option(names = {"-D", "--dir", "--images-dir"}, required = true, paramLabel = "DIR", description = "Directory for the images (created if missing; must not hold a dump).")
    Path dir;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "Directory for CRIU's log (default: the image directory).")
    Path logDir;

    @Option(names = {"-v", "--log-level"}, paramLabel = "N", defaultValue = "4", description = "CRIU's log level 0..4 (default ${DEFAULT-VALUE}).")
    int logLevel;

    @Option(names = {"-R", "--leave-running"}, description = "Resume the tasks after the dump instead of killing them.")
    boolean leaveRunning;

    /** The options a migration's dumps take too (listed here in the usage, after --leave-running). */
    @Mixin CriuDumpFlags criu;

    @Option(names = "--track-mem", description = "Start memory change tracking (needs soft-dirty in the kernel).")
    boolean trackMem;
    @Option(names = "--auto-dedup", description = "Punch holes in parent images for pages now dumped again.")
    boolean autoDedup;
    @Option(names = "--ext-mount-map", paramLabel = "KEY:VAL", description = "External mount mapping (repeatable).")
    List<String> extMountMap = new ArrayList<>();
    @Option(names = "--prev-images-dir", paramLabel = "DIR", description = "Parent images, relative to the image directory (like ../1).")
    Path prevImagesDir;
    @Option(names = "--page-server", description = "Send pages to a page server at --address/--port.")
    boolean pageServer;
    @Option(names = "--address", paramLabel = "ADDR", description = "Page server address.")
    String address;
    @Option(names = "--port", paramLabel = "PORT", description = "Page server port.")
    int port;

    DumpOptions toOptions() {
        DumpOptions.Builder b = criu.apply(DumpOptions.builder(pid, dir)).logDir(logDir).logLevel(logLevel)
                .leaveRunning(leaveRunning).trackMem(trackMem).autoDedup(autoDedup).parentImages(prevImagesDir);
        for (String kv : extMountMap) {
            int at = kv.indexOf(':');
            if (at <= 0) throw new IllegalArgumentException("--ext-mount-map takes KEY:VALUE, got '" + kv + "'");
            b.extMountMap(kv.substring(0, at), kv.substring(at + 1));
        }
        if (pageServer || address != null) {
            if (address == null || port <= 0)
                throw new IllegalArgumentException("--page-server needs --address and --port");
            b.pageServer(address, port);
        }
        return b.build();
    }
}
