package dev.cr.engine.migrate.trust;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Who holds the other end of a loopback TCP connection, told by the kernel's socket table ({@code /proc/net/tcp})
 * and the holders' descriptor tables ({@code /proc/PID/fd}). CRIU's page-server protocol carries no
 * authentication of its own, so cr talks it to CRIU only over loopback connections whose other end it has checked
 * this way: on the source the dump's connection must come from a CRIU this JVM started, on the target the page
 * server cr started must hold the end cr connected to. Anything else that connects is dropped before a byte of it
 * is relayed.
 */
public final class LoopbackPeer {
    private static final String LOOPBACK_HEX = "0100007F"; // 127.0.0.1 as /proc/net/tcp prints it
    /** 127.0.0.1 as /proc/net/tcp6 prints it for an IPv6 socket (as the JDK makes them) talking IPv4: ::ffff:127.0.0.1 */
    private static final String MAPPED_LOOPBACK_HEX = "0000000000000000FFFF00000100007F";

    private LoopbackPeer() {}

    /**
     * Whether one of {@code holders} (or a descendant of one) holds the other end of {@code ours}, a connected
     * loopback socket of this network namespace.
     *
     * @param ours    a connected loopback socket of this JVM
     * @param holders the processes allowed to hold the other end; their descendants count too
     * @return true when one of them holds it; false when none does or the socket is not in the table
     * @throws IOException when /proc cannot be read
     */
    public static boolean otherEndHeldBy(Socket ours, List<ProcessHandle> holders) throws IOException {
        int local = ours.getLocalPort();
        int remote = ((InetSocketAddress) ours.getRemoteSocketAddress()).getPort();
        OptionalLong inode = inode(Files.readAllLines(Path.of("/proc/self/net/tcp")), remote, local);
        if (inode.isEmpty()) inode = inode(Files.readAllLines(Path.of("/proc/self/net/tcp6")), MAPPED_LOOPBACK_HEX, remote, local);
        if (inode.isEmpty()) return false;
        String link = "socket:[" + inode.getAsLong() + "]";
        for (ProcessHandle h : holders) {
            if (holds(h.pid(), link)) return true;
            try (Stream<ProcessHandle> d = h.descendants()) {
                if (d.anyMatch(c -> holds(c.pid(), link))) return true;
            }
        }
        return false;
    }

    /** The inode of the socket bound to 127.0.0.1:{@code localPort} and connected to 127.0.0.1:{@code remotePort}. */
    static OptionalLong inode(List<String> procNetTcp, int localPort, int remotePort) {
        return inode(procNetTcp, LOOPBACK_HEX, localPort, remotePort);
    }

    private static OptionalLong inode(List<String> procNetTcp, String address, int localPort, int remotePort) {
        String local = address + ":" + String.format(Locale.ROOT, "%04X", localPort);
        String remote = address + ":" + String.format(Locale.ROOT, "%04X", remotePort);
        for (String line : procNetTcp) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.length > 9 && f[1].equals(local) && f[2].equals(remote) && f[3].equals("01")) {
                try {
                    long ino = Long.parseLong(f[9]);
                    if (ino != 0) return OptionalLong.of(ino);
                } catch (NumberFormatException e) {
                    // not a socket line
                }
            }
        }
        return OptionalLong.empty();
    }

    private static boolean holds(long pid, String link) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) return true;
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return false;
    }
}
