package dev.cr.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test program, run in a namespace host: keeps up to N connections open to HOST:PORT that never authenticate.
 * Half of them say nothing; the others trickle one byte a second (a "slowloris"). A connection the target closes
 * is opened again, at most a few hundred a second, so the pressure stays. Prints "opened N closed M" every
 * second on standard output; runs until killed. Not part of cr: it plays a network peer without a token.
 */
public final class IdleClients {
    private IdleClients() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int wanted = Integer.parseInt(args[2]);
        AtomicLong opened = new AtomicLong(), closed = new AtomicLong();
        List<Socket> open = new ArrayList<>();
        long lastReport = 0;
        byte[] one = {0x01};
        while (true) {
            long t0 = System.nanoTime();
            // open up to 200 new ones per round
            for (int i = 0; i < 200 && open.size() < wanted; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(host, port), 2000);
                    s.setSoTimeout(1);
                    open.add(s);
                    opened.incrementAndGet();
                } catch (IOException e) {
                    s.close();
                    break;
                }
            }
            // trickle on every other one, and notice the ones the target closed
            for (int i = open.size() - 1; i >= 0; i--) {
                Socket s = open.get(i);
                boolean gone;
                try {
                    if (i % 2 == 0) {
                        OutputStream out = s.getOutputStream();
                        out.write(one);
                        out.flush();
                    }
                    gone = s.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException quiet) {
                    gone = false;
                } catch (IOException reset) {
                    gone = true;
                }
                if (gone) {
                    s.close();
                    open.remove(i);
                    closed.incrementAndGet();
                }
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.println("opened " + opened.get() + " closed " + closed.get() + " open " + open.size());
                System.out.flush();
            }
            long spent = (System.nanoTime() - t0) / 1_000_000;
            if (spent < 500) Thread.sleep(500 - spent);
        }
    }
}
