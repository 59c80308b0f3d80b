package dev.cr.cli;

import dev.cr.engine.lxc.TestContainer;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cr lxc ...} on real LXC containers: what a person types and reads. */
class LxcCommandTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void needLxc() {
        Requirements.liblxc();
    }

    private int cr(String... args) {
        out.reset();
        err.reset();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "lxc";
            all[1] = args[0];
            all[2] = "-P" + TestContainer.LXCPATH;
            System.arraycopy(args, 1, all, 3, args.length - 1);
            return Cli.execute(new Cr(), all);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void statefulStopStartAndStatefulSnapshotFromTheCommandLine() throws Exception {
        try (var ct = TestContainer.start(null)) {
            assertEquals(0, cr("stop", "--stateful", ct.name), err.toString());
            assertTrue(out.toString().contains(ct.name + " stopped; its state is in"), out.toString());
            assertEquals(0, cr("info", "--json", ct.name), err.toString());
            String json = out.toString().replaceAll("\\s+", "");
            assertTrue(json.contains("\"state\":\"STOPPED\"") && json.contains("\"saved_state\":true"), out.toString());
            int stoppedAt = ct.counter();

            assertEquals(0, cr("start", ct.name), err.toString());
            assertTrue(out.toString().contains("restored from its saved state"), out.toString());
            ct.awaitCounter(n -> n > stoppedAt + 3, Duration.ofSeconds(20));

            assertEquals(0, cr("snapshot", "--stateful", ct.name, "first"), err.toString());
            assertEquals(0, cr("info", ct.name), err.toString());
            assertTrue(Pattern.compile("(?m)^  first \\[snap0\\] \\(taken at .*\\) \\(stateful\\)$").matcher(out.toString()).find(),
                    out.toString());
            assertTrue(out.toString().contains("State:     RUNNING"), out.toString());
            int atSnapshot = ct.counter();
            int later = ct.awaitCounter(n -> n > atSnapshot + 10, Duration.ofSeconds(20));

            assertEquals(0, cr("restore", ct.name, "first"), err.toString());
            assertTrue(out.toString().contains("restored with its running state"), out.toString());
            int back = ct.awaitCounter(n -> n > 0, Duration.ofSeconds(10));
            assertTrue(back < later, "counter went back to the snapshot: " + back + " < " + later);

            // A checkpoint with --json, then the same directory again is refused with a cause and a fix.
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                assertEquals(0, cr("checkpoint", "--json", ct.name, images.toString()), err.toString());
                Matcher log = Pattern.compile("\"log\":\\s*\"([^\"]+)\"").matcher(out.toString());
                assertTrue(log.find(), out.toString());
                assertTrue(Files.exists(Path.of(log.group(1))));
                assertEquals(Cli.FAILED, cr("checkpoint", ct.name, images.toString()));
                assertTrue(err.toString().contains("already holds a checkpoint") && err.toString().contains("fix: "), err.toString());
            } finally {
                deleteTree(images);
            }
        }
    }

    @Test
    void checkShowsLiblxcAndTheFeaturesCriuHasHere() throws Exception {
        assertEquals(0, cr("check"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("liblxc   " + dev.cr.engine.lxc.Containers.liblxcVersion()), text);
        assertTrue(text.contains("lxcpath  " + TestContainer.LXCPATH), text);
        boolean memTrack = new ProcessBuilder(Requirements.criu().toString(), "check", "--feature", "mem_dirty_track")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        assertTrue(Pattern.compile("(?m)^mem_track +" + (memTrack ? "yes" : "no") + "$").matcher(text).find(), text);
        assertEquals(0, cr("check", "--json"), err.toString());
        assertTrue(out.toString().replaceAll("\\s+", "").contains("\"mem_track\":" + memTrack), out.toString());
    }

    @Test
    void aFailedCheckpointPrintsCauseAndLogAndTheContainerRuns() throws Exception {
        try (var ct = TestContainer.start("unshare -U -r sleep 100000 &")) {
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                assertEquals(Cli.FAILED, cr("checkpoint", ct.name, images.toString()));
                String text = err.toString();
                assertTrue(text.contains("cr: checkpoint of container " + ct.name + " failed: "
                        + dev.cr.engine.criu.FailureCause.NESTED_USER_NAMESPACE.summary()), text);
                assertTrue(text.contains("the container is still running"), text);
                Matcher log = Pattern.compile("(?m)^log: (.+)$").matcher(text);
                assertTrue(log.find(), text);
                assertTrue(Files.exists(Path.of(log.group(1).trim())), text);
                assertFalse(text.contains("\tat "), "no stack trace: " + text);
                assertEquals(0, cr("info", ct.name));
                assertTrue(out.toString().contains("State:     RUNNING"), out.toString());
            } finally {
                deleteTree(images);
            }
        }
    }

    /**
     * {@code cr lxc restore NAME DIR | cat} ends when cr does: the container's monitor, which liblxc forks from the
     * restoring process and which lives as long as the container, holds none of cr's descriptors (here: its stdout
     * pipe, whose reader would otherwise wait for ever).
     */
    @Test
    void aRestoreIntoAPipeEndsWithCr() throws Exception {
        try (var ct = TestContainer.start(null)) {
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                assertEquals(0, cr("checkpoint", "--stop", ct.name, images.toString()), err.toString());
                Process p = new ProcessBuilder(ServeProcess.cr("lxc", "restore", "-P" + TestContainer.LXCPATH, ct.name,
                        images.toString())).redirectErrorStream(true).start();   // stdout is a pipe, as with `| cat`
                var text = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(p.getInputStream().readAllBytes());
                    } catch (java.io.IOException e) {
                        return "";
                    }
                });
                String printed;
                try {
                    printed = text.get(90, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("cr lxc restore's output never ended: another process holds its pipe");
                }
                assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), printed);
                assertTrue(printed.contains("restore of " + ct.name + " done"), printed);
                assertEquals(0, cr("info", ct.name));
                assertTrue(out.toString().contains("State:     RUNNING"), out.toString());
            } finally {
                deleteTree(images);
            }
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
