package dev.cr.engine.migrate.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Sends throwaway bytes through a TLS 1.3 connection of this JVM to itself, on loopback, while a migration sets up,
 * so that the JDK's record layer (not only AES-GCM, which {@link CryptoWarmUp} covers) is compiled before the
 * pages stream. A fresh JVM otherwise pushes its first tens of MiB through interpreted and C1 code: in a
 * {@code scripts/bench-migrate 64} run the final dump's 64 MiB of pages took 1.6 s, while the same run's 512 MiB
 * took 1.8 s. Three pairs of 128 MiB migrations with and without this warm-up (fresh JVMs on both sides, load
 * average 11, 2026-12-03) took 1.6, 3.4 and 2.0 s against 3.1, 4.5 and 1.2 s for the final dump: noisy, the
 * medians 2.0 against 3.1 s. It stops when told (at the first page stream: from then on the CPU belongs to the
 * dump) or after {@code limit} bytes.
 */
public final class TlsWarmUp implements AutoCloseable {
    private final SSLServerSocket server;
    private volatile boolean stopped;

    private TlsWarmUp(SSLServerSocket server) {
        this.server = server;
    }

    /**
     * Starts warming up with {@code own}'s identity on both ends; a warm-up that cannot start does nothing.
     *
     * @param own   the identity both ends present
     * @param limit how many bytes to send at most
     * @return the warm-up, to be closed (which stops it)
     */
    public static TlsWarmUp start(Identity own, long limit) {
        try {
            SSLServerSocket s = (SSLServerSocket) Tls.server(own).getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            s.setNeedClientAuth(true);
            TlsWarmUp w = new TlsWarmUp(s);
            Thread.ofPlatform().daemon().name("cr-tls-warm-up-in").start(w::sink);
            Thread.ofPlatform().daemon().name("cr-tls-warm-up-out").start(() -> w.source(own, limit));
            return w;
        } catch (IOException | RuntimeException e) {
            return new TlsWarmUp(null);
        }
    }

    private void sink() {
        try (SSLSocket s = (SSLSocket) server.accept(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[1 << 20];
            while (!stopped && in.read(buf) > 0) {
                // discarded: only the code that decrypted it matters
            }
        } catch (IOException ignored) {
            // stopped, or the warm-up could not connect
        } finally {
            closeServer();
        }
    }

    private void source(Identity own, long limit) {
        try (SSLSocket c = (SSLSocket) Tls.client(own, own.fingerprint(), "TLS warm-up").getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            Tls.restrict(c);
            OutputStream out = c.getOutputStream();
            byte[] buf = new byte[1 << 20];
            for (long sent = 0; sent < limit && !stopped; sent += buf.length) out.write(buf);
        } catch (IOException | RuntimeException ignored) {
            // a warm-up that fails only leaves the code as cold as it was
        } finally {
            closeServer();
        }
    }

    private void closeServer() {
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Stops at the next MiB. */
    @Override
    public void close() {
        stopped = true;
    }
}
