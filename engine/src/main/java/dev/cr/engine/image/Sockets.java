package dev.cr.engine.image;

import dev.cr.proto.FdinfoProto.file_entry;
import dev.cr.proto.SkInetProto.inet_sk_entry;
import dev.cr.proto.SkUnixProto.unix_sk_entry;

import java.util.ArrayList;
import java.util.List;

/** The sockets a process holds open, with family, type, state and addresses. */
public final class Sockets {
    /**
     * One socket descriptor.
     *
     * @param pid      the process holding it, by its pid in the dumped tree's pid namespace
     * @param fd       the descriptor number, as a string
     * @param family   "INET", "INET6", "UNIX", or CRIU's file type (such as "NETLINKSK", "PACKETSK") for other families
     * @param type     "STREAM", "DGRAM", "RAW", "SEQPACKET", "PACKET"; empty for other families
     * @param protocol "tcp", "udp", "udplite" or "ip" for inet sockets; empty otherwise
     * @param state    the kernel's TCP state name ("ESTABLISHED", "LISTEN", "CLOSE"), also used for unix sockets
     * @param local    "ip:port" for inet sockets, the bound name for unix sockets (empty when unbound); for
     *                 other families the descriptor described in words
     * @param remote   "ip:port" of the peer for inet sockets, "peer INODE" for unix sockets; empty for others
     * @param inode    the socket's inode number at dump time; 0 for other families
     */
    public record Socket(int pid, String fd, String family, String type, String protocol, String state,
                         String local, String remote, long inode) {}

    private Sockets() {}

    /**
     * The sockets among the descriptors of one process.
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return its sockets in descriptor order; empty when it holds none
     * @throws ImageException when its images or the files image cannot be read
     */
    public static List<Socket> of(ImageDir dir, int pid) {
        List<Socket> out = new ArrayList<>();
        for (OpenFiles.OpenFile of : OpenFiles.of(dir, pid)) {
            file_entry f = dir.files().get(of.fileId());
            if (f == null || !of.type().endsWith("SK")) continue;
            if (f.hasIsk()) {
                inet_sk_entry s = f.getIsk();
                out.add(new Socket(pid, of.fd(), s.getFamily() == 10 ? "INET6" : "INET", type(s.getType()), protocol(s),
                        state(s.getState()), OpenFiles.address(s.getSrcAddrList(), s.getFamily()) + ":" + s.getSrcPort(),
                        OpenFiles.address(s.getDstAddrList(), s.getFamily()) + ":" + s.getDstPort(),
                        Integer.toUnsignedLong(s.getIno())));
            } else if (f.hasUsk()) {
                unix_sk_entry u = f.getUsk();
                out.add(new Socket(pid, of.fd(), "UNIX", type(u.getType()), "", state(u.getState()),
                        OpenFiles.unix(u), "peer " + Integer.toUnsignedString(u.getPeer()), Integer.toUnsignedLong(u.getIno())));
            } else {
                out.add(new Socket(pid, of.fd(), of.type(), "", "", "", of.description(), "", 0));
            }
        }
        return out;
    }

    static String protocol(inet_sk_entry s) {
        return switch (s.getProto()) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 136 -> "udplite";
            case 0 -> "ip";
            default -> "proto" + s.getProto();
        };
    }

    static String type(int type) {
        return switch (type) {
            case 1 -> "STREAM";
            case 2 -> "DGRAM";
            case 3 -> "RAW";
            case 5 -> "SEQPACKET";
            case 10 -> "PACKET";
            default -> "type" + type;
        };
    }

    /** The kernel's TCP states (also used by CRIU for unix sockets). */
    static String state(int state) {
        return switch (state) {
            case 1 -> "ESTABLISHED";
            case 2 -> "SYN_SENT";
            case 3 -> "SYN_RECV";
            case 4 -> "FIN_WAIT1";
            case 5 -> "FIN_WAIT2";
            case 6 -> "TIME_WAIT";
            case 7 -> "CLOSE";
            case 8 -> "CLOSE_WAIT";
            case 9 -> "LAST_ACK";
            case 10 -> "LISTEN";
            default -> "state" + state;
        };
    }
}
