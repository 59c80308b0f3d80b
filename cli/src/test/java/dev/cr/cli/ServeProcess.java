package dev.cr.cli;

import dev.cr.engine.migrate.trust.ServeState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** {@code cr serve} running as its own JVM in the target host; its output is collected for the assertions. */
final class ServeProcess implements AutoCloseable {
    static final int PORT = 7443;
    final Process process;
    final Path dir;
    final String fingerprint;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private ServeProcess(Process process, Path dir, String fingerprint) {
        this.process = process;
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    /** The java command that runs the cr CLI from this test's class path. */
    static List<String> cr(String... args) {
        return java(List.of(), "dev.cr.cli.Cr", args);
    }

    /** The java command that runs {@code mainClass} from this test's class path, with extra JVM options. */
    static List<String> java(List<String> jvm, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** cr serve with a heap of {@code heapMiB}, for the load test: what a peer without a token costs shows there. */
    static ServeProcess startWithHeap(TwoHosts hosts, Path dir, int heapMiB) throws Exception {
        return start(hosts, dir, java.util.Map.of(), Duration.ofSeconds(60), List.of("-Xmx" + heapMiB + "m"));
    }

    static ServeProcess start(TwoHosts hosts, Path dir, String... more) throws Exception {
        return start(hosts, dir, java.util.Map.of(), Duration.ofSeconds(60), more);
    }

    /** With extra environment variables (the target's fault hooks, CR_FAULT) and extra options. */
    static ServeProcess start(TwoHosts hosts, Path dir, java.util.Map<String, String> env, String... more) throws Exception {
        return start(hosts, dir, env, Duration.ofSeconds(60), more);
    }

    /** Starts cr serve in host b; {@code startUp} bounds the wait for its fingerprint (long under emulation). */
    static ServeProcess start(TwoHosts hosts, Path dir, Duration startUp) throws Exception {
        // As slow a host gets as long a handshake: under emulation a cold JVM's TLS handshake outlasts the 10 s default.
        return start(hosts, dir, java.util.Map.of("CR_SERVE_HANDSHAKE_SECONDS", Long.toString(startUp.toSeconds())), startUp);
    }

    private static ServeProcess start(TwoHosts hosts, Path dir, java.util.Map<String, String> env, Duration startUp, String... more)
            throws Exception {
        return start(hosts, dir, env, startUp, List.of(), more);
    }

    private static ServeProcess start(TwoHosts hosts, Path dir, java.util.Map<String, String> env, Duration startUp,
                                      List<String> jvm, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", hosts.targetAddress() + ":" + PORT, "--dir", dir.toString()));
        args.addAll(List.of(more));
        ProcessBuilder b = new ProcessBuilder(hosts.in('b', java(jvm, "dev.cr.cli.Cr", args.toArray(String[]::new))));
        b.environment().putAll(env);
        Process p = b.redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        List<String> early = new ArrayList<>();
        String fp = null;
        long deadline = System.nanoTime() + startUp.toNanos();
        String line;
        while (fp == null && (line = r.readLine()) != null) {
            early.add(line);
            if (line.startsWith("fingerprint: ")) fp = line.substring("fingerprint: ".length()).strip();
            assertTrue(System.nanoTime() < deadline, "cr serve starts in time");
        }
        assertNotNull(fp, "cr serve printed its fingerprint: " + early);
        ServeProcess s = new ServeProcess(p, dir, fp);
        s.lines.addAll(early);
        Thread.ofVirtual().start(() -> {
            try {
                String l;
                while ((l = r.readLine()) != null) s.lines.add(l);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return s;
    }

    String token() {
        return new ServeState(dir).tokens().create(Duration.ofMinutes(10));
    }

    /** A new token in a file only its owner reads, as cr migrate --token-file takes it (never on a command line). */
    String tokenFile() {
        return tokenFile(dir.resolveSibling(dir.getFileName() + "-token-" + System.nanoTime()), token());
    }

    /** Writes {@code token} into {@code file} (mode 0600) and returns the file's path, for --token-file. */
    static String tokenFile(Path file, String token) {
        try {
            java.nio.file.Files.writeString(file, token + "\n");
            java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Path incoming() {
        return dir.resolve("incoming");
    }

    /** Bytes under incoming/ right now. */
    long received() {
        try (var s = java.nio.file.Files.walk(incoming())) {
            return s.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Waits until incoming/ is empty again (the target removed what it received). */
    void assertIncomingRemoved(String when) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long left;
            try (var s = java.nio.file.Files.list(incoming())) {
                left = s.count();
            }
            if (left == 0) return;
            assertTrue(System.nanoTime() < deadline, when + ": the target removed what it received; log: " + lines);
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
