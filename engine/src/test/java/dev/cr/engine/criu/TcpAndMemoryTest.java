package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A TCP connection to a local server, and 256 MiB of memory checked byte for byte after restore. */
class TcpAndMemoryTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir Path tmp;
    Criu criu;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void needCriu() {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        criu = Criu.at(bin);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable r : resources.reversed()) r.close();
    }

    /** A server on loopback that records every line its one client sends. */
    static final class LineServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final List<Long> lines = new CopyOnWriteArrayList<>();
        final Thread reader;
        volatile Socket client;

        LineServer() throws IOException {
            reader = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    client = s;
                    var in = new BufferedReader(new InputStreamReader(s.getInputStream()));
                    for (String l; (l = in.readLine()) != null; ) lines.add(Long.parseLong(l.trim()));
                } catch (IOException e) {
                    // closed by the test
                }
            });
        }

        int port() { return server.getLocalPort(); }

        long last() { return lines.isEmpty() ? 0 : lines.getLast(); }

        @Override
        public void close() throws IOException {
            server.close();
            if (client != null) client.close();
        }
    }

    Workload tcpClient(int port) throws IOException {
        Path script = tmp.resolve("client.py");
        Files.writeString(script, """
                import socket, time
                s = socket.create_connection(("127.0.0.1", %d))
                i = 0
                while True:
                    i += 1
                    s.sendall(b"%%d\\n" %% i)
                    time.sleep(0.05)
                """.formatted(port));
        Workload w = Workload.inPidNamespace("exec " + PYTHON + " " + script);
        resources.add(w);
        return w;
    }

    @Test
    void establishedConnectionSurvivesWithTcpEstablished() throws Exception {
        LineServer server = new LineServer();
        resources.add(server);
        Workload w = tcpClient(server.port());
        Workload.await(() -> server.lines.size() >= 3, Duration.ofSeconds(10), "the client to send");

        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).tcpEstablished(true).build());
        w.awaitGone();
        long atDump = server.last();

        int pid = w.adopt(criu.restore(RestoreOptions.builder(images).tcpEstablished(true).build()).pid());
        Workload.await(() -> server.last() > atDump + 5, Duration.ofSeconds(10), "the restored client to send on the same connection");
        List<Long> got = List.copyOf(server.lines);
        for (int i = 0; i < got.size(); i++) assertEquals(i + 1, got.get(i), "line " + i + " of " + got);
        assertTrue(Workload.alive(pid));
    }

    @Test
    void withoutTcpEstablishedTheDumpFailsAndTheClientGoesOn() throws Exception {
        LineServer server = new LineServer();
        resources.add(server);
        Workload w = tcpClient(server.port());
        Workload.await(() -> server.lines.size() >= 3, Duration.ofSeconds(10), "the client to send");

        var e = assertThrows(CriuException.class, () -> criu.dump(DumpOptions.builder(w.pid(), tmp.resolve("images")).build()));
        assertEquals(FailureCause.TCP_ESTABLISHED, e.kind().orElseThrow(), e.getMessage() + " " + e.logLines());
        assertTrue(e.fix().orElseThrow().contains("tcpEstablished(true)"));
        assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Connected TCP socket")), e.logLines().toString());
        assertTrue(Files.exists(e.logPath().orElseThrow()));
        long atFailure = server.last();
        Workload.await(() -> server.last() > atFailure + 3, Duration.ofSeconds(10), "the client to go on sending");
    }

    @Test
    void quarterGigabyteOfMemoryIsRestoredByteForByte() throws Exception {
        int size = 256 << 20;
        Path expected = tmp.resolve("expected.bin");
        Path address = tmp.resolve("address");
        Path script = tmp.resolve("memory.py");
        Files.writeString(script, """
                import ctypes, os, time
                n = %d
                buf = bytearray(os.urandom(n))
                with open("%s", "wb") as f:
                    f.write(buf)
                addr = ctypes.addressof((ctypes.c_char * n).from_buffer(buf))
                with open("%s.tmp", "w") as f:
                    f.write(str(addr))
                os.rename("%s.tmp", "%s")
                while True:
                    time.sleep(0.1)
                """.formatted(size, expected, address, address, address));
        Workload w = Workload.inPidNamespace("exec " + PYTHON + " " + script);
        resources.add(w);
        Workload.await(() -> Files.exists(address), Duration.ofSeconds(30), "the workload to fill its memory");
        long addr = Long.parseLong(Files.readString(address).trim());

        Path images = tmp.resolve("images");
        DumpResult dump = criu.dump(DumpOptions.builder(w.pid(), images).build());
        w.awaitGone();
        assertTrue(dump.stats().orElseThrow().pagesWritten() >= size / 4096, dump.stats().toString());

        int pid = w.adopt(criu.restore(RestoreOptions.builder(images).build()).pid());
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"));
             InputStream want = Files.newInputStream(expected)) {
            ByteBuffer got = ByteBuffer.allocate(1 << 20);
            byte[] exp = new byte[1 << 20];
            for (long off = 0; off < size; off += exp.length) {
                got.clear();
                while (got.hasRemaining()) {
                    if (mem.read(got, addr + off + got.position()) <= 0) throw new IOException("short read of /proc/" + pid + "/mem");
                }
                assertEquals(exp.length, want.readNBytes(exp, 0, exp.length));
                int at = Arrays.mismatch(got.array(), exp);
                assertEquals(-1, at, "first differing byte at offset " + (off + at));
            }
        }
    }
}
