package dev.cr.engine.migrate;

import dev.cr.engine.CrException;
import dev.cr.engine.migrate.protocol.FrameType;
import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.source.MigrationSource;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.target.Restorer;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;
import dev.cr.engine.migrate.trust.Tls;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.migrate.source.CriuCheckpointer;
import dev.cr.engine.migrate.target.CriuRestorer;
import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A trusted source that sends nonsense, bounded in time (about 15 s): random and mutated frames, hostile names
 * ("..", absolute, through links, NUL), hostile trees (links out, entries through links, hard links out, devices),
 * truncated and oversized frames, unknown frame types, verdicts out of place. Whatever arrives, the target never
 * writes outside its incoming directory and the arriving containers' directories, never dies, removes what it
 * received, and then serves the next real migration: a process in its own pid namespace, dumped and restored with
 * the real CRIU, counting on in the restored copy. Threat model: docs/security.md, "a trusted source" (which can do
 * worse than this on purpose: this checks that the protocol code is not what gives way). During the campaign the
 * restorer refuses every restore, and says so: restoring the fuzzer's made-up images would mean running them.
 */
class ProtocolFuzzTest {
    @TempDir
    Path tmp;

    private static final String REFUSAL = "the fuzzer's target restores nothing";
    private static final Duration BUDGET = Duration.ofSeconds(15);

    @Test
    void aTrustedSourceSendingNonsenseCannotWriteOutsideNorStopTheTarget() throws Exception {
        Requirements.root(); // tree entries carry owners and devices, which only root can apply
        Requirements.criu();
        Requirements.libcriu();
        long seed = Long.getLong("cr.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String why = "seed " + seed + " (rerun with -Dcr.fuzz.seed=" + seed + ")";

        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("file"), "must stay as it is");
        Files.createDirectories(victim.resolve("dir"));
        ServeState state = new ServeState(tmp.resolve("serve"));
        Path lxcpath = tmp.resolve("lxc");
        List<String> log = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean campaignOver = new java.util.concurrent.atomic.AtomicBoolean();
        Restorer real = new CriuRestorer(Criu.locate(), tmp.resolve("serve/logs"));
        // Refuses every restore during the campaign, then restores for real; runs the real CRIU's page servers
        // throughout, so that fuzzed page-server requests meet the real thing.
        Restorer refusing = new Restorer() {
            @Override
            public long restore(Path images, BeforeRunning gate) {
                if (campaignOver.get()) return real.restore(images, gate);
                throw new CrException("fuzz restore", REFUSAL, null);
            }

            @Override
            public java.util.Optional<Path> criuBinary() {
                return real.criuBinary();
            }
        };
        try (MigrationTarget target = MigrationTarget.start(state, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                refusing, lxcpath, log::add)) {
            Identity source = Identity.loadOrCreate(tmp.resolve("client"), "fuzzing source");
            state.trusted().add(source.certificate());
            Map<String, String> before = snapshot(tmp);
            Hostile hostile = new Hostile(random, victim);

            long deadline = System.nanoTime() + BUDGET.toNanos();
            int connections = 0;
            while (System.nanoTime() < deadline) {
                connections++;
                // Closed at the end of each connection as TCP too: closing the TLS socket while the reply drainer still
                // reads it closes the output side only, and the target would wait for the rest until a read timeout.
                try (java.net.Socket tcp = new java.net.Socket(InetAddress.getLoopbackAddress(), target.address().getPort());
                     SSLSocket s = tls(tcp, source, target)) {
                    Thread.ofVirtual().start(() -> drainReplies(s));
                    OutputStream raw = s.getOutputStream();
                    Wire wire = new Wire(s.getInputStream(), raw, s);
                    boolean container = random.nextInt(3) == 0;
                    if (random.nextInt(20) > 0) // now and then no hello at all
                        wire.sendNow(new Message.Hello(random.nextInt(30) == 0 ? random.nextInt(65536) : Message.VERSION, "",
                                "fuzz", container ? "fuzz" + random.nextInt(1_000_000) : ""));
                    int frames = 1 + random.nextInt(40);
                    for (int i = 0; i < frames; i++) hostile.frame(wire, raw, container);
                    wire.flush();
                } catch (IOException hungUp) {
                    // the target refused something and hung up: that is its right
                }
            }

            awaitEmpty(state.incoming(), why, log);
            awaitEmpty(lxcpath, why, log);
            Map<String, String> after = snapshot(tmp);
            assertEquals(before, after, "nothing outside incoming/ and the arriving container directories changed; " + why);
            assertTrue(connections > 20, "the campaign ran (" + connections + " connections)");

            // Never died: the next real migration works.
            campaignOver.set(true);
            Path marks = Files.createFile(tmp.resolve("final-source-marks"));
            try (Workload w = Workload.inPidNamespace("while :; do readlink /proc/self/ns/pid >> " + marks + "; sleep 0.05; done")) {
                String sourceNs = Files.readSymbolicLink(Path.of("/proc", Integer.toString(w.pid()), "ns", "pid")).toString();
                MigrationRequest request = new MigrationRequest(w.pid(), "127.0.0.1", target.address().getPort(),
                        target.fingerprint(), state.tokens().create(Duration.ofMinutes(5)), tmp.resolve("final-source/client"),
                        tmp.resolve("final-source/work"), false, false);
                MigrationReport report = new MigrationSource(request,
                        new CriuCheckpointer(Criu.locate(), PreDumpPolicy.defaults(), tmp.resolve("final-source/logs")), null).run();
                int restored = w.adopt((int) report.targetPid());
                assertTrue(Workload.alive(restored), "the restored copy runs after " + connections + " fuzzing connections; " + why);
                long marked = Files.readAllLines(marks).size();
                Workload.await(() -> lines(marks) > marked + 2, Duration.ofSeconds(10), "the restored copy counts on");
                assertNotEquals(sourceNs, Files.readAllLines(marks).getLast(), "the marks now come from the restored copy");
            }
            awaitEmpty(state.incoming(), why, log);
        }
    }

    /** Every path under {@code root} with what it is, except where the target is meant to write. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                if (rel.startsWith("serve/incoming") || rel.startsWith("lxc") || rel.startsWith("serve/logs")
                        || rel.startsWith("final-source") || rel.startsWith("client")) continue;
                var a = Files.readAttributes(p, "unix:mode,uid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                out.put(rel, a.get("mode") + " " + a.get("uid") + " " + a.get("size")
                        + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "" : " " + a.get("lastModifiedTime")));
            }
        }
        return out;
    }

    /**
     * Waits until the target removed everything under {@code dir}. A fuzzed connection may still be in its clean-up
     * (a container restore of garbage that liblxc and CRIU take a while to refuse, on a loaded machine): the wait is
     * generous, and a failure shows every line the target logged about what was left.
     */
    private static void awaitEmpty(Path dir, String why, List<String> log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            List<Path> left;
            if (!Files.exists(dir)) return;
            try (Stream<Path> s = Files.list(dir)) {
                left = s.toList();
            }
            if (left.isEmpty()) return;
            if (System.nanoTime() >= deadline) {
                List<String> about = log.stream()
                        .filter(l -> left.stream().anyMatch(p -> l.contains(p.getFileName().toString()))).toList();
                assertTrue(false, dir + " emptied by the target, left: " + left + "; " + why + "; what the target logged of them: "
                        + about + "; its last lines: " + log.subList(Math.max(0, log.size() - 10), log.size()));
            }
            Thread.sleep(100);
        }
    }

    private static SSLSocket tls(java.net.Socket tcp, Identity who, MigrationTarget target) throws IOException {
        SSLSocket s = (SSLSocket) Tls.client(who, target.fingerprint(), "fuzz").getSocketFactory()
                .createSocket(tcp, "127.0.0.1", target.address().getPort(), true);
        Tls.restrict(s);
        s.setSoTimeout(20_000);
        s.startHandshake();
        return s;
    }

    private static void drainReplies(SSLSocket s) {
        try {
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // the connection ended
        }
    }

    private static long lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Makes hostile frames. */
    private static final class Hostile {
        private final Random random;
        private final String[] names;
        private final String[] links;
        private final String victim;

        Hostile(Random random, Path victim) {
            this.random = random;
            String v = victim.toString();
            this.victim = v;
            names = new String[] {"", ".", "..", "../x", "../../victim/file", "a/../../x", "/etc/passwd", v + "/file",
                    "parent", "pages-1.img", "inventory.img", "x\0y", "a", "a/b", "a/b/c", "l", "l/pwn", "l/file", "rootfs",
                    "rootfs/etc", "config", "snaps", "snaps/s0", "snaps/s0/config", "n".repeat(300), "a//b", "./a", "a/.",
                    "h", "d/../../../../victim/pwn"};
            links = new String[] {"../1", "../0", "..", "/", v, v + "/file", "../../victim", "../../../..", "l", "a",
                    "a/../../..", "", "x\0", "../" + "x".repeat(200)};
        }

        private String name() {
            return random.nextInt(6) == 0 ? randomText() : names[random.nextInt(names.length)];
        }

        private String link() {
            return random.nextInt(6) == 0 ? randomText() : links[random.nextInt(links.length)];
        }

        private String randomText() {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(12);
            String alphabet = "ab/.\0\n-_~";
            for (int i = 0; i < n; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            return b.toString();
        }

        /**
         * A known way out, with random parts: a link to the victim (or up and out) and then entries through it, a hard
         * link out, a directory sent over a link. Random frames alone would almost never line these up.
         */
        void scenario(Wire wire, boolean container) throws IOException {
            String dir = random.nextBoolean() ? "" : "a/";
            if (!dir.isEmpty()) wire.send(new Message.TreeEntry("a", 'd', 0755, 0, 0, 0, "", 0));
            String out = new String[] {victim, "../../victim", "/", "../../../../../../" + victim.substring(1), victim + "/dir"}
                    [random.nextInt(5)];
            if (!container) {
                wire.send(new Message.Link("parent", out));
                wire.send(new Message.File("parent/pwn", 4, 0644));
                return;
            }
            wire.send(new Message.TreeEntry(dir + "l", 'l', 0777, 0, 0, 0, out, 0));
            String through = dir + "l/" + new String[] {"pwn", "file", "dir", "dir/pwn"}[random.nextInt(4)];
            switch (random.nextInt(5)) {
                case 0 -> {
                    wire.send(new Message.TreeEntry(through, 'f', 0644, 0, 0, 0, "", 0));
                    wire.send(new Message.Data(false, 4, "pwn!".getBytes(), 4));
                    wire.send(new Message.FileEnd(0));
                }
                case 1 -> wire.send(new Message.TreeEntry(through, 'd', 0777, 0, 0, 0, "", 0));
                case 2 -> wire.send(new Message.TreeEntry(dir + "h", 'h', 0644, 0, 0, 0, random.nextBoolean() ? through
                        : "../../victim/file", 0));
                case 3 -> wire.send(new Message.TreeRemove(through));
                default -> wire.send(new Message.TreeEntry(through, 'l', 0777, 0, 0, 0, "/etc/shadow", 0));
            }
        }

        void frame(Wire wire, OutputStream raw, boolean container) throws IOException {
            if (random.nextInt(8) == 0) {
                scenario(wire, container);
                return;
            }
            switch (random.nextInt(container ? 16 : 12)) {
                case 0, 1 -> {
                    long size = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(5000);
                    wire.send(new Message.File(name(), size, random.nextInt(010000)));
                    int chunks = random.nextInt(3);
                    for (int i = 0; i < chunks; i++) {
                        byte[] b = new byte[random.nextInt(3000)];
                        random.nextBytes(b);
                        boolean zstd = random.nextInt(4) == 0;
                        wire.send(new Message.Data(zstd, random.nextInt(Wire.CHUNK + 2), b, b.length));
                    }
                    if (random.nextBoolean()) wire.send(new Message.FileEnd(random.nextInt()));
                }
                case 2 -> wire.send(new Message.Link(random.nextBoolean() ? "parent" : name(), link()));
                case 3 -> {
                    byte[] b = new byte[random.nextInt(2000)];
                    random.nextBytes(b);
                    wire.send(new Message.Part(name(), random.nextInt(4) == 0, random.nextInt(Wire.CHUNK + 2), b, b.length));
                }
                case 4 -> wire.send(random.nextBoolean() ? new Message.PartsDone(name(), random.nextInt(5000), random.nextInt())
                        : new Message.PartsDropped(name()));
                case 5 -> wire.send(new Message.IterationDone(random.nextInt(4) - 1, random.nextBoolean()));
                case 6 -> wire.send(switch (random.nextInt(4)) {
                    case 0 -> new Message.Commit();
                    case 1 -> new Message.Resume(randomText(), random.nextBoolean());
                    case 2 -> new Message.Restored(random.nextLong(), random.nextLong());
                    default -> container ? new Message.Commit() : new Message.Restore(); // containers never reach liblxc here
                });
                case 7 -> { // an unknown frame type, or a frame that announces more than it carries, or past the limit
                    DataOutputStream out = new DataOutputStream(raw);
                    wire.flush();
                    int code = random.nextInt(256);
                    out.writeByte(FrameType.of(code) == null ? code : 250);
                    out.writeInt(random.nextInt(3) == 0 ? Wire.MAX_FRAME + 1 + random.nextInt(100) : random.nextInt(100));
                    byte[] junk = new byte[random.nextInt(64)];
                    random.nextBytes(junk);
                    out.write(junk);
                    out.flush();
                }
                case 8, 9 -> { // a valid frame with a few bytes flipped
                    ByteArrayOutputStream one = new ByteArrayOutputStream();
                    Wire w = new Wire(java.io.InputStream.nullInputStream(), one, () -> {});
                    w.send(new Message.TreeEntry(name(), "fdlh".charAt(random.nextInt(4)), random.nextInt(010000),
                            random.nextInt(70000), random.nextInt(70000), random.nextLong(), link(), 0));
                    w.flush();
                    byte[] b = one.toByteArray();
                    for (int i = random.nextInt(4); i >= 0; i--) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    wire.flush();
                    raw.write(b);
                    raw.flush();
                }
                case 10, 11 -> wire.send(new Message.TreeRemove(name()));
                default -> { // tree entries of every kind, as a container migration sends them
                    char kind = "fdlhdlcbp".charAt(random.nextInt(9));
                    String path = name();
                    wire.send(new Message.TreeEntry(path, kind, random.nextInt(010000), random.nextInt(3) == 0 ? 0 : random.nextInt(70000),
                            random.nextInt(70000), random.nextLong() >>> 20, kind == 'l' || kind == 'h' ? link() : "",
                            kind == 'c' || kind == 'b' ? random.nextLong() & 0xffffffL : 0));
                    if (kind == 'f') {
                        byte[] b = new byte[random.nextInt(500)];
                        random.nextBytes(b);
                        if (random.nextBoolean()) wire.send(new Message.Data(false, b.length, b, b.length));
                        wire.send(new Message.FileEnd(random.nextInt()));
                    }
                    if (random.nextInt(8) == 0) wire.send(new Message.TreeDone(random.nextInt(4), random.nextBoolean()
                            ? "/var/lib/lxc/fuzz" : link()));
                }
            }
        }
    }
}
