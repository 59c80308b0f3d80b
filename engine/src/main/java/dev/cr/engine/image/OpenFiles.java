package dev.cr.engine.image;

import dev.cr.proto.FdinfoProto.fdinfo_entry;
import dev.cr.proto.FdinfoProto.file_entry;
import dev.cr.proto.FsProto.fs_entry;
import dev.cr.proto.SkInetProto.inet_sk_entry;
import dev.cr.proto.SkUnixProto.unix_sk_entry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The open files of a process: its descriptors, working directory and root, each described in words. */
public final class OpenFiles {
    /**
     * One open file.
     *
     * @param fd          the descriptor number, or "cwd" / "root" for the working and root directories
     * @param type        CRIU's file type (REG, PIPE, INETSK...)
     * @param fileId      the id of the file's entry in files.img; descriptors sharing one file description share it
     * @param description a path, "pipe[ID]", a socket's addresses and so on, in the manner of {@code crit x DIR fds}
     */
    public record OpenFile(String fd, String type, int fileId, String description) {}

    private OpenFiles() {}

    /**
     * The open files of one process.
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return its descriptors in number order, then cwd and root; empty when the images record none
     * @throws ImageException when its images or the files image cannot be read
     */
    public static List<OpenFile> of(ImageDir dir, int pid) {
        List<OpenFile> out = new ArrayList<>();
        int filesId = dir.ids(pid).getFilesId();
        if (dir.has("fdinfo-" + filesId + ".img")) {
            for (fdinfo_entry fd : dir.fdinfo(filesId)) {
                out.add(new OpenFile(Integer.toString(fd.getFd()), fd.getType().name(), fd.getId(),
                        describe(dir, fd.getType().name(), fd.getId())));
            }
        }
        if (dir.has("fs-" + pid + ".img")) {
            fs_entry fs = dir.fs(pid);
            out.add(new OpenFile("cwd", "REG", fs.getCwdId(), describe(dir, "REG", fs.getCwdId())));
            out.add(new OpenFile("root", "REG", fs.getRootId(), describe(dir, "REG", fs.getRootId())));
        }
        return out;
    }

    /** The file object {@code id} of files.img in words, in the manner of {@code crit x DIR fds}. */
    static String describe(ImageDir dir, String type, int id) {
        file_entry f = dir.files().get(id);
        if (f == null) return type + "." + id + " (not in files.img)";
        return switch (f.getType()) {
            case REG -> f.hasReg() ? f.getReg().getName() : "unknown path";
            case PIPE -> f.hasPipe() ? "pipe[" + Integer.toUnsignedString(f.getPipe().getPipeId()) + "]" : "pipe[?]";
            case FIFO -> f.hasFifo() ? "fifo[" + Integer.toUnsignedString(f.getFifo().getPipeId()) + "]" : "fifo[?]";
            case UNIXSK -> f.hasUsk() ? unix(f.getUsk()) : "unix[?]";
            case INETSK -> f.hasIsk() ? inet(f.getIsk()) : "inet[?]";
            case EVENTFD -> "eventfd[" + (f.hasEfd() ? f.getEfd().getCounter() : "?") + "]";
            case EVENTPOLL -> "eventpoll";
            case SIGNALFD -> "signalfd";
            case TIMERFD -> "timerfd";
            case INOTIFY -> "inotify";
            case MEMFD -> "memfd[" + id + "]";
            case TTY -> "tty[" + (f.hasTty() ? f.getTty().getTtyInfoId() : "?") + "]";
            default -> f.getType().name() + "." + id;
        };
    }

    static String unix(unix_sk_entry u) {
        String name = u.getName().isEmpty() ? "" : " " + printableName(u.getName().toByteArray());
        return "unix[" + Integer.toUnsignedString(u.getIno()) + " (" + Integer.toUnsignedString(u.getPeer()) + ")" + name + "]";
    }

    private static String printableName(byte[] b) {
        // Abstract socket names start with a NUL byte; `ss` shows it as '@'.
        if (b.length > 0 && b[0] == 0) return "@" + new String(b, 1, b.length - 1, StandardCharsets.UTF_8);
        return new String(b, StandardCharsets.UTF_8);
    }

    static String inet(inet_sk_entry s) {
        return Sockets.protocol(s) + " " + address(s.getSrcAddrList(), s.getFamily()) + ":" + s.getSrcPort()
                + (s.getState() == 10 ? "" : " -> " + address(s.getDstAddrList(), s.getFamily()) + ":" + s.getDstPort())
                + " " + Sockets.state(s.getState());
    }

    /** CRIU stores an address as the in_addr / in6_addr bytes copied into 32-bit words of this machine's order. */
    static String address(List<Integer> words, int family) {
        if (words.isEmpty()) return family == 10 ? "[::]" : "0.0.0.0";
        byte[] b = new byte[words.size() * 4];
        for (int i = 0; i < words.size(); i++) {
            int w = words.get(i);
            b[4 * i] = (byte) w;
            b[4 * i + 1] = (byte) (w >>> 8);
            b[4 * i + 2] = (byte) (w >>> 16);
            b[4 * i + 3] = (byte) (w >>> 24);
        }
        try {
            String text = InetAddress.getByAddress(b).getHostAddress();
            return b.length == 16 ? "[" + text + "]" : text;
        } catch (UnknownHostException e) {
            return "?";
        }
    }
}
