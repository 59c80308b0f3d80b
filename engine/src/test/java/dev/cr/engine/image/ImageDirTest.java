package dev.cr.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ImageDirTest {
    @TempDir Path tmp;

    @Test
    void processTreeOfThePipeTreeHasTheShellAndItsThreeChildren() {
        ProcessTree tree = TestImages.open("pipe-tree").processes();
        assertEquals(4, tree.size());
        List<ProcessTree.Process> roots = tree.roots();
        assertEquals(1, roots.size());
        ProcessTree.Process root = roots.getFirst();
        assertEquals("sh", root.comm());
        assertEquals(1, root.pid());
        assertEquals("alive", root.state());
        assertEquals(List.of("cat", "sleep", "sleep"),
                tree.children(root.pid()).stream().map(ProcessTree.Process::comm).sorted().toList());
        for (ProcessTree.Process child : tree.children(root.pid())) {
            assertEquals(root.pid(), child.ppid());
            assertEquals(root.sid(), child.sid(), "a session of its own for the whole tree");
        }
    }

    @Test
    void commandLineAndEnvironmentAreReadFromMemory() {
        ImageDir dir = TestImages.open("sleeping-shell");
        List<String> args = CommandLines.arguments(dir, 1);
        assertEquals("sh", args.get(0));
        assertEquals("-c", args.get(1));
        assertTrue(args.get(2).contains("GREETING=hello-from-cr-testdata"), args.toString());
        List<String> env = CommandLines.environment(dir, 1);
        assertTrue(env.contains("CR_TESTDATA=sleeping-shell"), env.toString());
        assertTrue(env.contains("HOME=/"), env.toString());
        assertEquals(List.of("sleep", "3600"), CommandLines.arguments(dir, 2));
    }

    @Test
    void openFilesNameThePipesAndTheWorkingDirectory() {
        ImageDir dir = TestImages.open("pipe-tree");
        int sleeper = dir.processes().children(1).stream().filter(p -> p.comm().equals("cat")).findFirst().orElseThrow().pid();
        List<OpenFiles.OpenFile> files = OpenFiles.of(dir, sleeper);
        OpenFiles.OpenFile stdin = files.stream().filter(f -> f.fd().equals("0")).findFirst().orElseThrow();
        assertEquals("PIPE", stdin.type());
        assertTrue(stdin.description().matches("pipe\\[\\d+]"), stdin.description());
        assertEquals("/", files.stream().filter(f -> f.fd().equals("cwd")).findFirst().orElseThrow().description());
    }

    @Test
    void establishedTcpConnectionIsListedWithBothEnds() {
        ImageDir dir = TestImages.open("tcp-established");
        List<Sockets.Socket> sockets = Sockets.of(dir, 1);
        assertEquals(1, sockets.size());
        Sockets.Socket s = sockets.getFirst();
        assertEquals("3", s.fd());
        assertEquals("INET", s.family());
        assertEquals("tcp", s.protocol());
        assertEquals("ESTABLISHED", s.state());
        assertTrue(s.local().startsWith("127.0.0.1:"), s.local());
        assertTrue(s.remote().startsWith("127.0.0.1:"), s.remote());
    }

    @Test
    void mountsOfTheOwnMountNamespaceIncludeRootAndProc() {
        List<Mounts.Mount> mounts = Mounts.of(TestImages.open("sleeping-shell"));
        assertTrue(mounts.stream().anyMatch(m -> m.mountpoint().equals("/")), mounts.toString());
        Mounts.Mount proc = mounts.stream().filter(m -> m.mountpoint().endsWith("/proc")).findFirst().orElseThrow(() -> new AssertionError(mounts.toString()));
        assertEquals("proc", proc.fstype(), "named from CRIU's fstype table");
        assertTrue(mounts.stream().anyMatch(m -> m.id() == proc.parentId()), "its parent is a mount of the namespace: " + mounts);
        assertEquals(mounts.size(), mounts.stream().map(Mounts.Mount::id).distinct().count(), "ids are the kernel's, one per mount");
        assertTrue(Mounts.of(TestImages.open("pipe-tree")).isEmpty(), "no mount namespace of its own, no mountpoints image");
    }

    @Test
    void mappingsNameTheExecutableAndTheStack() {
        ImageDir dir = TestImages.open("sleeping-shell");
        List<Mappings.Mapping> maps = Mappings.of(dir, 1);
        String exe = Mappings.executable(dir, 1);
        assertTrue(exe.endsWith("sh"), exe);
        assertTrue(maps.stream().anyMatch(m -> m.backing().equals("[stack]") && m.protection().equals("rw-")));
        assertTrue(maps.stream().anyMatch(m -> m.backing().equals(exe) && m.protection().contains("x")));
        for (int i = 1; i < maps.size(); i++) assertTrue(Long.compareUnsigned(maps.get(i - 1).end(), maps.get(i).start()) <= 0);
    }

    @Test
    void rssCountsEveryDumpedPageOnce() {
        ImageDir dir = TestImages.open("sleeping-shell");
        long perMapping = Rss.of(dir, 1).stream().mapToLong(Rss.MappingRss::presentPages).sum();
        try (MemoryMap mem = dir.memory(1)) {
            assertEquals(mem.presentPages(), perMapping);
            assertTrue(perMapping > 0);
        }
    }

    @Test
    void statsOfTheDumpAreRead() {
        List<Statistics.Counter> stats = Statistics.of(TestImages.open("pipe-tree"), Statistics.DUMP).orElseThrow();
        assertTrue(stats.stream().allMatch(c -> c.part().equals("dump")), stats.toString());
        assertEquals("freezing_time", stats.getFirst().name(), "in the order of CRIU's definitions: " + stats);
        assertTrue(stats.stream().anyMatch(c -> c.name().equals("pages_written") && c.value() > 0), stats.toString());
        assertTrue(Statistics.of(TestImages.open("pipe-tree"), Statistics.RESTORE).isEmpty());
    }

    @Test
    void aParentLinkToAMissingDirectoryIsAnErrorNamingTheLink() throws IOException {
        Path child = TestImages.copy("sleeping-shell", tmp.resolve("2"));
        Files.createSymbolicLink(child.resolve("parent"), Path.of("../1"));
        ImageException e = assertThrows(ImageException.class, () -> ImageDir.open(child));
        assertEquals(child.resolve("parent").toString(), e.file());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aParentLinkLoopIsAnErrorNamingTheLink() throws IOException {
        Path a = TestImages.copy("sleeping-shell", tmp.resolve("a"));
        Path b = TestImages.copy("sleeping-shell", tmp.resolve("b"));
        Files.createSymbolicLink(a.resolve("parent"), Path.of("../b"));
        Files.createSymbolicLink(b.resolve("parent"), Path.of("../a"));
        ImageException e = assertThrows(ImageException.class, () -> ImageDir.open(a));
        assertTrue(e.file().endsWith("parent"), e.file());
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutImagesIsRefused() {
        ImageException e = assertThrows(ImageException.class, () -> ImageDir.open(tmp));
        assertTrue(e.getMessage().contains("pstree.img"), e.getMessage());
    }

    @Test
    void aParentChainIsFollowed() throws IOException {
        Path base = TestImages.copy("sleeping-shell", tmp.resolve("1"));
        Path child = TestImages.copy("sleeping-shell", tmp.resolve("2"));
        Files.createSymbolicLink(child.resolve("parent"), Path.of("../1"));
        ImageDir dir = ImageDir.open(child);
        assertEquals(base.toRealPath(), dir.parent().orElseThrow().path().toRealPath());
        assertTrue(dir.parent().orElseThrow().parent().isEmpty());
    }
}
