package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.cr.cli.CrRun.cr;
import static org.junit.jupiter.api.Assertions.*;

/** `cr inspect`, `cr mem` and `cr diff` on the committed testdata, as a user runs them (no root needed). */
class ExplorerCommandsTest {
    @TempDir Path tmp;


    static String dir(String name) {
        return Requirements.projectRoot().resolve("testdata").resolve(name).toString();
    }

    @Test
    void inspectShowsTheTreeWithCommandLines() {
        CrRun r = cr("inspect", dir("pipe-tree"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("4 processes"), r.out());
        assertTrue(r.out().contains("sh -c exec </dev/null"), r.out());
        // children hang under the root, the tree drawn as checkpointctl's --ps-tree draws it
        assertTrue(r.out().lines().anyMatch(l -> l.matches("[├└]─ \\d+ .* cat\\s*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("[├└]─ \\d+ .* sleep 3600\\s*")), r.out());
    }

    @Test
    void inspectPsIsTheBareTreeWithoutTheSummaryColumns() {
        CrRun r = cr("inspect", "--ps", dir("pipe-tree"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("PID\\s+PGID\\s+SID\\s+STATE\\s+COMMAND")), r.out());
        assertFalse(r.out().contains("FILES"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("└─ 5\\s+1\\s+1\\s+alive\\s+cat")), r.out());
        CrRun alias = cr("inspect", "--ps-tree", "--format", "tree", dir("pipe-tree"));
        assertEquals(r.out(), alias.out(), "checkpointctl's names are aliases");
        CrRun full = cr("inspect", dir("pipe-tree"));
        assertTrue(full.out().contains("FILES SOCKS"), full.out());
    }

    @Test
    void inspectWithEnvShowsTheEnvironmentFromMemory() {
        CrRun r = cr("inspect", "--env", dir("sleeping-shell"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("env CR_TESTDATA=sleeping-shell"), r.out());
        assertFalse(cr("inspect", dir("sleeping-shell")).out().contains("env CR_TESTDATA"));
    }

    @Test
    void inspectAllShowsEveryView() {
        CrRun r = cr("inspect", "--all", dir("tcp-established"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("INETSK   tcp 127.0.0.1:"), r.out());       // --files
        assertTrue(r.out().contains("ESTABLISHED"), r.out());                   // --sockets
        assertTrue(r.out().contains("[stack]"), r.out());                       // --mem
        assertTrue(r.out().contains("dumped pages:"), r.out());                 // --rss
        assertTrue(r.out().contains("dump.pages_written"), r.out());            // --stats
        assertTrue(r.out().contains("mounts: none"), r.out());                  // --mounts
    }

    @Test
    void inspectJsonIsParseableAndHasTheProcesses() {
        CrRun r = cr("inspect", "--json", "--all", dir("sleeping-shell"));
        assertEquals(0, r.status(), r.err());
        String j = r.out();
        assertTrue(j.startsWith("{"), j);
        assertTrue(j.contains("\"pid\": 1"), j);
        assertTrue(j.contains("\"comm\": \"sh\""), j);
        assertTrue(j.contains("\"CR_TESTDATA=sleeping-shell\""), j);
        assertTrue(j.contains("\"mountpoint\": \"/proc\""), j);
        assertTrue(j.contains("\"pages_written\""), j);
        assertEquals(j.chars().filter(c -> c == '{').count(), j.chars().filter(c -> c == '}').count());
    }

    @Test
    void inspectOfAMissingDirectoryFailsInWords() {
        CrRun r = cr("inspect", tmp.resolve("nope").toString());
        assertEquals(Cli.FAILED, r.status());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertTrue(r.err().contains("fix:"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void inspectNamesTheFileOfADamagedImage() throws Exception {
        Path d = tmp.resolve("d");
        Files.createDirectories(d);
        try (var s = Files.list(Path.of(dir("pipe-tree")))) {
            for (Path f : s.toList()) Files.copy(f, d.resolve(f.getFileName()));
        }
        byte[] core = Files.readAllBytes(d.resolve("core-1.img"));
        Files.write(d.resolve("core-1.img"), java.util.Arrays.copyOf(core, core.length - 10));
        CrRun r = cr("inspect", d.toString());
        assertEquals(Cli.FAILED, r.status());
        assertTrue(r.err().contains("core-1.img"), r.err());
        assertTrue(r.err().contains("at byte 8"), r.err());
    }

    @Test
    void memHexdumpShowsTheCommandLineBytes() {
        // the address of the arguments comes from `inspect --json`'s view of mm: use a search to find one instead
        CrRun found = cr("mem", dir("sleeping-shell"), "--search", "GREETING=hello", "--pid", "2", "--json");
        String address = found.out().replaceAll("(?s).*\"address\": \"(0x[0-9a-f]+)\".*", "$1");
        CrRun r = cr("mem", dir("sleeping-shell"), "--pid", "2", "--addr", address, "--len", "32");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("|GREETING=hello-f|"), r.out());
        assertTrue(r.out().startsWith(String.format("%016x", Long.decode(address))), r.out());
    }

    @Test
    void memSearchReportsPidAddressAndMapping() {
        CrRun r = cr("mem", dir("sleeping-shell"), "--search", "hello-from-cr-testdata", "--context", "4");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("pid 2\\s+0x[0-9a-f]{16}\\s+rw- \\[stack].*\\[hello-from-cr-testdata].*")), r.out());
        assertTrue(r.out().contains("in 2 processes"), r.out());
        CrRun none = cr("mem", dir("sleeping-shell"), "--search", "no-such-text-anywhere-0123456789");
        assertTrue(none.out().contains("0 matches"), none.out());
    }

    @Test
    void memRegexAndBadRegex() {
        CrRun r = cr("mem", dir("pipe-tree"), "--regex", "unread-pipe-[a-z]+-from-cr");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("[unread-pipe-data-from-cr]"), r.out());
        CrRun bad = cr("mem", dir("pipe-tree"), "--regex", "(unclosed");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--regex"), bad.err());
    }

    @Test
    void memOfAnAddressNotDumpedFails() {
        CrRun r = cr("mem", dir("sleeping-shell"), "--pid", "1", "--addr", "0x1000");
        assertEquals(Cli.FAILED, r.status());
        assertTrue(r.err().contains("0x1000 is not in the checkpoint"), r.err());
        CrRun pid = cr("mem", dir("sleeping-shell"), "--pid", "99", "--addr", "0x1000");
        assertEquals(2, pid.status());
        assertTrue(pid.err().contains("no process 99"), pid.err());
    }

    @Test
    void memOfAPreDumpListsItsRunsAndInspectExplainsWhatAPreDumpIs() {
        CrRun runs = cr("mem", dir("chain/2"), "--pid", "1");
        assertEquals(0, runs.status(), runs.err());
        assertTrue(runs.out().contains("in parent checkpoints"), runs.out());
        assertTrue(runs.out().lines().anyMatch(l -> l.contains(" parent ")), runs.out());
        CrRun wrong = cr("mem", dir("chain/2"), "--pid", "77");
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("no process 77 in the pre-dump"), wrong.err());
        CrRun inspect = cr("inspect", dir("chain/2"));
        assertEquals(Cli.FAILED, inspect.status());
        assertTrue(inspect.err().contains("is a pre-dump"), inspect.err());
        CrRun chain = cr("inspect", "--rss", dir("chain/3"));
        assertEquals(0, chain.status(), chain.err());
        assertTrue(chain.out().contains("parent " + Path.of(dir("chain/2")).toAbsolutePath().normalize()), chain.out());
    }

    @Test
    void diffShowsTheNewChildAndTheNewFile() {
        CrRun r = cr("diff", dir("counter/1"), dir("counter/2"));
        assertEquals(DiffCommand.DIFFERENT, r.status(), r.err());
        assertTrue(r.out().contains("+ file    pid 1      5: /etc/hostname"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("+ process") && l.contains("sleep (ppid 1")), r.out());
        // The first child's files and sizes did not change, but its stack did: the pages are compared byte by byte.
        assertTrue(r.out().lines().filter(l -> l.contains("pid 2 ")).allMatch(l -> l.contains("page contents")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("~ memory +pid 1 +page contents: \\d+ of \\d+ pages dumped in both differ.*")), r.out());
        CrRun sizes = cr("diff", "--sizes-only", dir("counter/1"), dir("counter/2"));
        assertTrue(sizes.out().lines().noneMatch(l -> l.contains("pid 2 ")), "the first child's sizes did not change: " + sizes.out());
    }

    @Test
    void diffOfACheckpointWithItselfIsEmpty() {
        CrRun r = cr("diff", dir("pipe-tree"), dir("pipe-tree"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("no difference"), r.out());
    }

    @Test
    void inspectReadsAPodmanCheckpointArchive() throws Exception {
        // The layout Podman and CRI-O export: checkpoint/ with the images, CRIU's stats-dump beside it, plus the
        // container's root file system diff, which cr must not need to extract.
        Path layout = tmp.resolve("export");
        Path images = Files.createDirectories(layout.resolve("checkpoint"));
        try (var files = Files.list(Path.of(dir("pipe-tree")))) {
            for (Path f : files.toList()) if (!f.getFileName().toString().equals("stats-dump")) Files.copy(f, images.resolve(f.getFileName()));
        }
        Files.copy(Path.of(dir("pipe-tree"), "stats-dump"), layout.resolve("stats-dump"));
        Files.writeString(layout.resolve("spec.dump"), "{}");
        Files.createDirectories(layout.resolve("rootfs-diff")).resolve("big").toFile().createNewFile();
        Path archive = tmp.resolve("checkpoint.tar.gz");
        Process tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", layout.toString(),
                "checkpoint", "stats-dump", "spec.dump", "rootfs-diff").inheritIO().start();
        assertEquals(0, tar.waitFor());

        CrRun fromDir = cr("inspect", "--ps", dir("pipe-tree"));
        CrRun fromArchive = cr("inspect", "--ps", archive.toString());
        assertEquals(0, fromArchive.status(), fromArchive.err());
        // The same tree as the directory the images came from, under the archive's name.
        assertEquals(fromDir.out().replace(dir("pipe-tree"), "X"), fromArchive.out().replace(archive.toString(), "X"));

        CrRun stats = cr("inspect", "--stats", archive.toString());
        assertEquals(0, stats.status(), stats.err());
        assertTrue(stats.out().toLowerCase().contains("frozen"), "Podman's stats-dump is shown: " + stats.out());

        CrRun notArchive = cr("inspect", archive.getParent().resolve("spec.json").toString());
        assertNotEquals(0, notArchive.status());
    }

    @Test
    void everyViewReadsArchivesOfEveryKindInPlaceLikeTheDirectory() throws Exception {
        Path layout = tmp.resolve("layout");
        Path images = Files.createDirectories(layout.resolve("checkpoint"));
        try (var files = Files.list(Path.of(dir("pipe-tree")))) {
            for (Path f : files.toList()) Files.copy(f, images.resolve(f.getFileName()));
        }
        Files.writeString(layout.resolve("config.dump"), "{\"id\":\"4242\",\"name\":\"web\",\"rootfsImageName\":\"busybox\"}");
        Files.writeString(layout.resolve("spec.dump"), "{\"process\":{\"args\":[\"sh\"]}}");
        for (String[] kind : new String[][] {{"plain.tar", "-cf"}, {"zstd.tar.zst", "--zstd -cf"}, {"gzip.tar.gz", "-czf"}}) {
            Path archive = tmp.resolve(kind[0]);
            List<String> cmd = new java.util.ArrayList<>(List.of("tar", "--sort=name"));
            cmd.addAll(List.of(kind[1].split(" ")));
            cmd.addAll(List.of(archive.toString(), "-C", layout.toString(), "."));
            assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor());
            for (List<String> view : List.of(List.of("inspect"), List.of("inspect", "--all"), List.of("inspect", "--json", "--all"),
                    List.of("mem"), List.of("mem", "--search", "unread-pipe-data"), List.of("mem", "--pid", "1"))) {
                List<String> onDir = new java.util.ArrayList<>(view), onArchive = new java.util.ArrayList<>(view);
                onDir.add(1, dir("pipe-tree"));
                onArchive.add(1, archive.toString());
                CrRun d = cr(onDir.toArray(String[]::new)), a = cr(onArchive.toArray(String[]::new));
                assertEquals(0, a.status(), a.err());
                if (view.contains("--all")) {
                    assertTrue(a.out().contains("4242") && a.out().contains("busybox"), "the container's metadata: " + a.out());
                    continue; // the metadata (and the archive's name in the JSON) differ from the directory's
                }
                assertEquals(d.out().replace(dir("pipe-tree"), "X"), a.out().replace(archive.toString(), "X"), String.join(" ", view) + " on " + kind[0]);
            }
            CrRun diff = cr("diff", dir("pipe-tree"), archive.toString());
            assertEquals(0, diff.status(), diff.out());
        }
        CrRun sizes = cr("mem", dir("pipe-tree"));
        assertTrue(sizes.out().lines().anyMatch(l -> l.matches("1\\s+sh\\s+[0-9.]+ KiB\\s+0 B\\s+0 B")), "memory per process: " + sizes.out());
    }

    @Test
    void theLaunchersAotTrainingRunPrintsNothingAndIsHidden() {
        CrRun train = cr("aot-train", dir("sleeping-shell"));
        assertEquals(0, train.status(), train.err());
        assertEquals("", train.out() + train.err());
        assertFalse(cr("--help").out().contains("aot-train"), "a launcher detail, not a command people see");
    }

    /** The training of serve's and migrate's cache: a loopback migration rehearsal, quiet, leaving nothing behind. */
    @Test
    void theMigrationRehearsalPrintsNothingAndLeavesNoScratch() throws java.io.IOException {
        java.util.function.Supplier<java.util.Set<String>> scratch = () -> {
            try (var s = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cr-aot-train-"))
                        .collect(java.util.stream.Collectors.toSet());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        var before = scratch.get();
        CrRun train = cr("aot-train", "--migration", dir("sleeping-shell"));
        assertEquals(0, train.status(), train.err());
        assertEquals("", train.out() + train.err());
        assertEquals(before, scratch.get(), "the rehearsal's identities, images and state are removed");
    }
}
