package dev.cr.engine.migrate.postcopy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The page stream relay between the real CRIU processes of scripts/lazy-pages-repro --relay: connects to the
 * source's {@code criu dump --lazy-pages} page server at 127.0.0.1:SOURCE_PORT, listens at 127.0.0.1:TARGET_PORT for
 * the target's {@code criu lazy-pages --page-server}, and joins the two relays through a loopback proxy that it cuts
 * after each of the given numbers of milliseconds (counted from the daemon's connection; a negative number cuts it
 * then and keeps it down, so the relays give up after RETRY_SECONDS). Prints one line per event
 * and both results; exits 0 when both completed. A test tool, not cr's migration.
 *
 * <p>Usage: {@code RelayOnLoopback SOURCE_PORT TARGET_PORT RETRY_SECONDS [CUT_MS...]}
 */
public final class RelayOnLoopback {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        int sourcePort = Integer.parseInt(args[0]);
        int targetPort = Integer.parseInt(args[1]);
        Duration retry = Duration.ofSeconds(Long.parseLong(args[2]));
        long[] cuts = new long[args.length - 3];
        for (int i = 3; i < args.length; i++) cuts[i - 3] = Long.parseLong(args[i]);

        ServerSocket forDaemon = new ServerSocket(targetPort, 1, LO);
        ServerSocket links = new ServerSocket(0, 50, LO);
        List<Socket> carried = new CopyOnWriteArrayList<>();
        ServerSocket proxy = new ServerSocket(0, 50, LO);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        daemonThread(() -> proxyLoop(proxy, links.getLocalPort(), carried, down));

        Socket criu = new Socket();
        criu.connect(new InetSocketAddress(LO, sourcePort), 5000);
        say("connected to the source's CRIU page server on port " + sourcePort);
        PageStreamRelay source = PageStreamRelay.dialing("source", criu, () -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(LO, proxy.getLocalPort()), 2000);
            return s;
        }, retry, () -> say("source safeguard: the source's tasks would be held with SIGSTOP here"), new PageServerRequests());

        // Connections for the target relay wait until the lazy-pages daemon has connected and the relay exists.
        LinkedBlockingQueue<Socket> waiting = new LinkedBlockingQueue<>();
        daemonThread(() -> {
            try {
                while (true) waiting.put(links.accept());
            } catch (IOException | InterruptedException e) {
                // over
            }
        });
        Socket daemon = forDaemon.accept();
        say("the target's lazy-pages daemon connected");
        long t0 = System.nanoTime();
        PageStreamRelay target = PageStreamRelay.accepting("target", daemon, retry,
                () -> say("target safeguard: the restored tree would be killed here"));
        daemonThread(() -> {
            try {
                while (true) target.offer(waiting.take());
            } catch (InterruptedException e) {
                // over
            }
        });
        daemonThread(() -> {
            for (long signed : cuts) {
                long at = Math.abs(signed);
                if (signed < 0) down.set(true);
                long wait = at - (System.nanoTime() - t0) / 1_000_000;
                if (wait > 0) sleep(wait);
                int n = 0;
                for (Socket s : carried) {
                    try {
                        s.setSoLinger(true, 0);
                        s.close();
                        n++;
                    } catch (IOException ignored) {
                        // already closed
                    }
                    carried.remove(s);
                }
                say("cut the relay's connection at " + at + " ms (" + n / 2 + " connection)" + (signed < 0 ? ", and kept it down" : ""));
            }
        });

        var s = source.awaitResult(Duration.ofMinutes(10)).orElseThrow();
        var t = target.awaitResult(Duration.ofSeconds(retry.toSeconds() + 30)).orElseThrow();
        say("source relay: " + s);
        say("target relay: " + t);
        System.exit(s.outcome() == PageStreamRelay.Outcome.COMPLETED && t.outcome() == PageStreamRelay.Outcome.COMPLETED ? 0 : 1);
    }

    private static void proxyLoop(ServerSocket proxy, int to, List<Socket> carried, java.util.concurrent.atomic.AtomicBoolean down) {
        try {
            while (true) {
                Socket a = proxy.accept();
                if (down.get()) {
                    a.close();
                    continue;
                }
                Socket b = new Socket(LO, to);
                a.setTcpNoDelay(true);
                b.setTcpNoDelay(true);
                carried.add(a);
                carried.add(b);
                pump(a, b);
                pump(b, a);
            }
        } catch (IOException e) {
            // over
        }
    }

    private static void pump(Socket from, Socket to) {
        daemonThread(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buf = new byte[64 << 10];
                int n;
                while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
            } catch (IOException ignored) {
                // cut
            }
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // cut
            }
        });
    }

    private static void daemonThread(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String s) {
        System.out.println("relay: " + s);
        System.out.flush();
    }
}
