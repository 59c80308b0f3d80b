package dev.cr.engine.migrate;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;
import dev.cr.engine.migrate.source.ImageSender;
import dev.cr.engine.migrate.source.Replies;
import dev.cr.engine.migrate.target.ImageReceiver;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.Tls;

import dev.cr.engine.archive.StagingDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The migration's data path in one process: {@link ImageSender} over a TLS 1.3 connection on loopback to an
 * {@link ImageReceiver} writing the files (to {@code -p dir=}, default /var/tmp), one operation = one iteration of
 * a 256 MiB page file and a small image, acknowledged by the receiver. Warm JIT: this is the ceiling of what the
 * Java side moves per second, without CRIU, without the network namespaces. Run:
 * {@code ./mvnw -pl engine -am test-compile} then JMH's main class with this class's name on the test classpath
 * (see scripts/bench-migrate-jmh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ImageTransferBench {
    static final int PAGES = 256 << 20;

    @Param({"false", "true"})
    public boolean compress;

    @Param("/var/tmp")
    public String dir;

    private Path scratch;
    private Path images;
    private SSLServerSocket server;
    private Thread receiving;
    private Wire wire;
    private ImageSender sender;
    private int n;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        scratch = Files.createTempDirectory(Path.of(dir), "cr-transfer-bench-");
        images = Files.createDirectories(scratch.resolve("images"));
        byte[] pages = new byte[PAGES];
        new Random(5).nextBytes(pages);
        for (int i = 0; i < pages.length; i += 8192) java.util.Arrays.fill(pages, i, i + 4096, (byte) 0); // half compressible
        Files.write(images.resolve("pages-1.img"), pages);
        Files.writeString(images.resolve("inventory.img"), "bench");

        Identity serverId = Identity.loadOrCreate(scratch.resolve("server-id"), "bench-target");
        Identity clientId = Identity.loadOrCreate(scratch.resolve("client-id"), "bench-source");
        server = (SSLServerSocket) Tls.server(serverId).getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        Path received = Files.createDirectories(scratch.resolve("received"));
        receiving = Thread.ofPlatform().daemon().start(() -> receive(received));

        SSLSocket s = (SSLSocket) Tls.client(clientId, serverId.fingerprint(), "bench").getSocketFactory()
                .createSocket(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), "localhost", server.getLocalPort(), true);
        Tls.restrict(s);
        s.startHandshake();
        wire = new Wire(s.getInputStream(), s.getOutputStream(), s);
        Replies quiet = Replies.start(new Wire(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(), () -> {}));
        sender = new ImageSender(wire, compress, b -> {}, quiet, new PhaseLog("bench"));
    }

    /** The target's side: receives iterations, drops each one's files once the next arrived, acknowledges each. */
    private void receive(Path root) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            Wire w = new Wire(s.getInputStream(), s.getOutputStream(), s);
            ImageReceiver r = new ImageReceiver(root);
            while (true) {
                Message m = w.receive();
                if (m instanceof Message.IterationDone d) {
                    r.iterationDone(d.n());
                    if (d.n() > 1) StagingDir.remove(r.iteration(d.n() - 1));
                    w.sendNow(new Message.Running(d.n()));
                } else {
                    r.receive(m, w);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the benchmark closed the connection
        }
    }

    /** One iteration: 256 MiB of pages and a small file, sent, written and checked on the other side. */
    @Benchmark
    public long sendIteration() throws IOException {
        long bytes = sender.sendIteration(images, ++n, false);
        if (!(wire.receive() instanceof Message.Running)) throw new IllegalStateException("no acknowledgement");
        return bytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        wire.close();
        server.close();
        receiving.join(5000);
        StagingDir.remove(scratch);
    }
}
