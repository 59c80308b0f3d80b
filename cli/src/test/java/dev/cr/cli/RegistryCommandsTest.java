package dev.cr.cli;

import dev.cr.engine.registry.TestRegistry;
import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.cr.cli.CrRun.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cr push}, {@code cr pull}, {@code cr inspect REF} and {@code cr restore --from REF} against a real registry. */
class RegistryCommandsTest {
    @TempDir Path tmp;
    TestRegistry registry;
    final List<Workload> workloads = new ArrayList<>();

    @BeforeEach
    void startRegistry() throws Exception {
        registry = TestRegistry.start(tmp.resolve("registry"));
    }

    @AfterEach
    void stop() {
        workloads.forEach(Workload::close);
        if (registry != null) registry.close();
    }

    String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--authfile", registry.authFile().toString(), "--ca-cert", registry.caCert().toString()));
        return all.toArray(String[]::new);
    }

    static long count(Path f) {
        try {
            return Long.parseLong(Files.readString(f).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void aRealProcessGoesThroughTheRegistryAndCountsOn() throws Exception {
        Requirements.criu();
        Requirements.libcriu();
        Path count = tmp.resolve("count");
        Workload w = Workload.inPidNamespace("i=0; while :; do i=$((i+1)); echo $i > " + count + ".tmp; mv " + count
                + ".tmp " + count + "; sleep 0.05; done");
        workloads.add(w);
        Workload.await(() -> count(count) >= 2, Duration.ofSeconds(10), "the loop to count");
        Path images = tmp.resolve("images");
        CrRun dump = cr("dump", "-t", Integer.toString(w.pid()), "-D", images.toString());
        assertEquals(0, dump.status(), dump.err());
        long atDump = count(count);
        w.awaitGone();

        String ref = registry.host() + "/fleet/counter:v1";
        CrRun push = cr(with("push", images.toString(), ref));
        assertEquals(0, push.status(), push.err());
        assertTrue(push.out().startsWith("pushed " + images + " to " + ref + "@sha256:"), push.out());
        assertTrue(push.out().contains("1 layer: 1 sent"), push.out());

        CrRun inspect = cr(with("inspect", ref));
        assertEquals(0, inspect.status(), inspect.err());
        assertTrue(inspect.out().contains("process checkpoint, 1 layer"), inspect.out());
        assertTrue(inspect.out().contains("command    sh -c i=0; while :;"), inspect.out());
        assertTrue(inspect.out().contains("criu       4."), "the CRIU version from the dump log: " + inspect.out());
        assertTrue(inspect.out().contains("kernel " + System.getProperty("os.version")), inspect.out());
        CrRun json = cr(with("inspect", ref, "--json"));
        assertTrue(json.out().contains("\"dev.cr.checkpoint.kind\": \"process\""), json.out());

        Path pulled = tmp.resolve("pulled");
        CrRun restore = cr(with("restore", "--from", ref, "--dir", pulled.toString(), "--detach", "--json"));
        assertEquals(0, restore.status(), restore.err());
        assertTrue(restore.err().contains("pulled " + ref + "@sha256:"), restore.err());
        Matcher pid = Pattern.compile("\"pid\": ?(\\d+)").matcher(restore.out());
        assertTrue(pid.find(), restore.out());
        int restored = w.adopt(Integer.parseInt(pid.group(1)));
        assertTrue(Workload.alive(restored));
        Workload.await(() -> count(count) > atDump + 3, Duration.ofSeconds(10), "counting to go on after the registry");
        assertTrue(Files.isRegularFile(pulled.resolve("pstree.img")));
    }

    @Test
    void failuresSayWhatTheRegistryDidWithoutAStackTrace() throws Exception {
        Path images = Requirements.projectRoot().resolve("testdata/counter/1");
        String ref = registry.host() + "/fleet/counter:v1";
        CrRun wrong = cr("push", images.toString(), ref, "--authfile", registry.wrongAuthFile().toString(),
                "--ca-cert", registry.caCert().toString());
        assertEquals(Cli.FAILED, wrong.status());
        assertTrue(wrong.err().startsWith("cr: push of " + images + " to " + ref + " failed: " + registry.host()
                + " refused the credentials of user '" + TestRegistry.USER + "'"), wrong.err());
        assertTrue(wrong.err().contains("fix: check the user and password"), wrong.err());
        assertFalse(wrong.err().contains("\tat "), wrong.err());

        CrRun missing = cr(with("pull", ref, tmp.resolve("out").toString()));
        assertEquals(Cli.FAILED, missing.status());
        assertTrue(missing.err().contains("has no fleet/counter:v1"), missing.err());
        assertFalse(Files.exists(tmp.resolve("out")));

        CrRun bad = cr(with("pull", "counter:v1", tmp.resolve("out").toString()));
        assertEquals(2, bad.status(), "a reference without a registry is a usage error");
        assertTrue(bad.err().contains("does not name a registry"), bad.err());
    }

    /** checkpointctl reads only local archives (its commands take a path; it has no registry client), so the image is copied out with skopeo. */
    @Test
    void checkpointctlReadsTheLayerOfAPushedPodmanArchive() throws Exception {
        Path checkpointctl = Path.of("/var/cache/cr/bin/checkpointctl");
        need(Files.isExecutable(checkpointctl), checkpointctl + " (scripts/provision)");
        need(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo (scripts/provision)");
        Path archive = podmanArchive();
        String ref = registry.host() + "/fleet/counter-container:v1";
        CrRun push = cr(with("push", archive.toString(), ref));
        assertEquals(0, push.status(), push.err());

        CrRun inspect = cr(with("inspect", ref, "--json"));
        assertTrue(inspect.out().contains("\"org.criu.checkpoint.container.name\": \"counter\""), inspect.out());
        assertTrue(inspect.out().contains("\"io.kubernetes.cri-o.annotations.checkpoint.name\": \"counter\""), inspect.out());
        assertTrue(inspect.out().contains("\"org.criu.checkpoint.engine.name\": \"Podman\""), inspect.out());
        assertTrue(inspect.out().contains("\"org.criu.checkpoint.rootfsImageName\": \"docker.io/library/busybox:latest\""), inspect.out());

        // skopeo checks the manifest and every digest while it copies: the image is a valid OCI image to it.
        Path certs = Files.createDirectories(tmp.resolve("certs.d"));
        Files.copy(registry.caCert(), certs.resolve("ca.crt"));
        Path layout = tmp.resolve("layout");
        run("skopeo", "copy", "--quiet", "--src-authfile", registry.authFile().toString(), "--src-cert-dir", certs.toString(),
                "docker://" + ref, "oci:" + layout + ":v1");
        String index = Files.readString(layout.resolve("index.json"));
        String manifest = Files.readString(blob(layout, first(index, "\"digest\":\"(sha256:[0-9a-f]{64})\"")));
        Path layer = blob(layout, first(manifest, "\"layers\":\\[\\{\"mediaType\":\"[^\"]+\",\"digest\":\"(sha256:[0-9a-f]{64})\""));
        String show = run(checkpointctl.toString(), "show", layer.toString());
        assertTrue(show.contains("counter") && show.contains("docker.io/library/busybox:latest") && show.contains("Podman"), show);
        String tree = run(checkpointctl.toString(), "inspect", "--ps-tree", layer.toString());
        assertTrue(tree.contains("[1]  sh"), tree);

        Path pulled = tmp.resolve("pulled");
        CrRun pull = cr(with("pull", ref, pulled.toString()));
        assertEquals(0, pull.status(), pull.err());
        assertTrue(pull.out().contains("container checkpoint, 1 layer"), pull.out());
        assertTrue(Files.isRegularFile(pulled.resolve("checkpoint/pstree.img")));
        assertEquals(Files.readString(tmp.resolve("podman/config.dump")), Files.readString(pulled.resolve("config.dump")));
    }

    private static void need(boolean met, String what) {
        if (met) return;
        if (Requirements.strict()) Assertions.fail("this test needs " + what + " (CR_REQUIRE_CRIU=1)");
        Assumptions.abort("this test needs " + what);
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /** Laid out as `podman container checkpoint --export` writes it, with real CRIU images (testdata/counter/1). */
    private Path podmanArchive() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("podman"));
        Files.writeString(dir.resolve("config.dump"), """
                {"id":"4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9","name":"counter",\
                "rootfsImage":"docker.io/library/busybox:latest","rootfsImageRef":"sha256:5b0ec1b5a0e1",\
                "rootfsImageName":"docker.io/library/busybox:latest","runtime":"crun","createdTime":"2026-12-03T16:00:00Z",\
                "checkpointedTime":"2026-12-03T16:01:00Z"}""");
        Files.writeString(dir.resolve("spec.dump"), """
                {"ociVersion":"1.0.2","process":{"args":["sh","-c","count"]},"root":{"path":"/rootfs"},\
                "annotations":{"io.container.manager":"libpod"}}""");
        Path archive = tmp.resolve("counter-checkpoint.tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(file))) {
            put(tar, "config.dump", dir.resolve("config.dump"));
            put(tar, "spec.dump", dir.resolve("spec.dump"));
            Path images = Requirements.projectRoot().resolve("testdata/counter/1");
            put(tar, "stats-dump", images.resolve("stats-dump"));
            TarArchiveEntry dirEntry = new TarArchiveEntry("checkpoint/"); // tar of a directory has its entry; checkpointctl looks for it
            tar.putArchiveEntry(dirEntry);
            tar.closeArchiveEntry();
            try (Stream<Path> s = Files.list(images)) {
                for (Path p : s.sorted().toList()) put(tar, "checkpoint/" + p.getFileName(), p);
            }
            put(tar, "rootfs-diff.tar", null);
            tar.finish();
        }
        return archive;
    }

    private static void put(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        byte[] data = file == null ? new byte[10240] : Files.readAllBytes(file);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
