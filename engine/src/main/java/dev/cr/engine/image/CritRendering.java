package dev.cr.engine.image;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The word tables crit uses in {@code --pretty} JSON: flag names for the fields CRIU marks with
 * a flags table, value names for fields marked with a dict, device numbers as major:minor and
 * addresses as text. Values are the kernel's (mman.h, fcntl.h, CRIU's vma.h and pagemap flags).
 */
final class CritRendering {
    private CritRendering() {}

    private static Map<String, Long> table(Object... nameValue) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], ((Number) nameValue[i + 1]).longValue());
        return m;
    }

    static final Map<String, Map<String, Long>> FLAGS = Map.of(
            "mmap.prot", table("PROT_READ", 0x1, "PROT_WRITE", 0x2, "PROT_EXEC", 0x4),
            "mmap.flags", table("MAP_SHARED", 0x1, "MAP_PRIVATE", 0x2, "MAP_DROPPABLE", 0x08, "MAP_ANON", 0x20,
                    "MAP_GROWSDOWN", 0x0100),
            "mmap.status", table("VMA_AREA_NONE", 0, "VMA_AREA_REGULAR", 1, "VMA_AREA_STACK", 1 << 1,
                    "VMA_AREA_VSYSCALL", 1 << 2, "VMA_AREA_VDSO", 1 << 3, "VMA_AREA_HEAP", 1 << 5,
                    "VMA_FILE_PRIVATE", 1 << 6, "VMA_FILE_SHARED", 1 << 7, "VMA_ANON_SHARED", 1 << 8,
                    "VMA_ANON_PRIVATE", 1 << 9, "VMA_AREA_SYSVIPC", 1 << 10, "VMA_AREA_SOCKET", 1 << 11,
                    "VMA_AREA_VVAR", 1 << 12, "VMA_AREA_AIORING", 1 << 13, "VMA_AREA_MEMFD", 1 << 14,
                    "VMA_AREA_SHSTK", 1 << 15, "VMA_AREA_UPROBES", 1 << 17, "VMA_UNSUPP", 1L << 31),
            "rfile.flags", table("O_WRONLY", 01, "O_RDWR", 02, "O_CREAT", 0100, "O_EXCL", 0200, "O_NOCTTY", 0400,
                    "O_TRUNC", 01000, "O_APPEND", 02000, "O_NONBLOCK", 04000, "O_DSYNC", 010000, "FASYNC", 020000,
                    "O_DIRECT", 040000, "O_LARGEFILE", 0100000, "O_DIRECTORY", 0200000, "O_NOFOLLOW", 0400000,
                    "O_NOATIME", 01000000, "O_CLOEXEC", 02000000),
            "pmap.flags", table("PE_PARENT", 1, "PE_LAZY", 2, "PE_PRESENT", 4),
            "seals.flags", table("F_SEAL_SEAL", 1, "F_SEAL_SHRINK", 2, "F_SEAL_GROW", 4, "F_SEAL_WRITE", 8,
                    "F_SEAL_FUTURE_WRITE", 0x10));

    /** Per dict name, per field name, value to word. */
    static final Map<String, Map<String, Map<Long, String>>> DICTS = Map.of(
            "gen", Map.of("task_state", words(1, "Alive", 3, "Zombie", 6, "Stopped")),
            "sk", Map.of(
                    "family", words(1, "UNIX", 2, "INET", 10, "INET6", 16, "NETLINK", 17, "PACKET"),
                    "type", words(1, "STREAM", 2, "DGRAM", 3, "RAW", 5, "SEQPACKET", 10, "PACKET"),
                    "state", words(1, "ESTABLISHED", 2, "SYN_SENT", 3, "SYN_RECV", 4, "FIN_WAIT1", 5, "FIN_WAIT2",
                            6, "TIME_WAIT", 7, "CLOSE", 8, "CLOSE_WAIT", 9, "LAST_ACK", 10, "LISTEN"),
                    "proto", words(0, "IP", 6, "TCP", 17, "UDP", 136, "UDPLITE")));

    private static Map<Long, String> words(Object... valueName) {
        Map<Long, String> m = new LinkedHashMap<>();
        for (int i = 0; i < valueName.length; i += 2) m.put(((Number) valueName[i]).longValue(), (String) valueName[i + 1]);
        return m;
    }

    /** "A | B | 0x..." as crit joins set flags, leftover bits in hex; "" for 0 unless a flag is 0. */
    static String flags(long value, Map<String, Long> table) {
        StringBuilder b = new StringBuilder();
        long known = 0;
        for (Map.Entry<String, Long> e : table.entrySet()) {
            known |= e.getValue();
            if ((value & e.getValue()) != 0) {
                if (!b.isEmpty()) b.append(" | ");
                b.append(e.getKey());
            }
        }
        long rest = value & ~known;
        if (rest != 0) {
            if (!b.isEmpty()) b.append(" | ");
            b.append("0x").append(Long.toHexString(rest));
        }
        return b.toString();
    }

    /** Sum of the named flags ("A | B | 0x10"); unnamed parts read as Python's int(x, 0). */
    static long unflags(String text, Map<String, Long> table) {
        if (text.isEmpty()) return 0;
        long sum = 0;
        for (String part : text.split("\\|")) {
            String p = part.strip();
            Long v = table.get(p);
            sum += v != null ? v : pythonInt(p).longValue();
        }
        return sum;
    }

    /** Device number as "major:minor": kernel encoding (20 minor bits) or glibc's old one. */
    static String dev(long v, boolean old) {
        if (old) {
            long major = ((v >>> 8) & 0xfff) | ((v >>> 32) & ~0xfffL);
            long minor = (v & 0xff) | ((v >>> 12) & ~0xffL);
            return major + ":" + minor;
        }
        return (v >>> 20) + ":" + (v & ((1 << 20) - 1));
    }

    static long undev(String text, boolean old) {
        String[] p = text.split(":");
        if (p.length != 2) throw new NumberFormatException("not major:minor: " + text);
        long major = Long.parseLong(p[0].strip());
        long minor = Long.parseLong(p[1].strip());
        if (old) return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
        return major << 20 | minor;
    }

    /** Python's int(text, 0): decimal, 0x, 0o, 0b, underscores, sign. */
    static BigInteger pythonInt(String text) {
        String t = text.strip().replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) t = t.substring(1);
        BigInteger v;
        String lower = t.toLowerCase();
        if (lower.startsWith("0x")) v = new BigInteger(t.substring(2), 16);
        else if (lower.startsWith("0o")) v = new BigInteger(t.substring(2), 8);
        else if (lower.startsWith("0b")) v = new BigInteger(t.substring(2), 2);
        else {
            if (t.length() > 1 && t.chars().allMatch(c -> c == '0')) v = BigInteger.ZERO;
            else if (t.length() > 1 && t.startsWith("0")) throw new NumberFormatException("leading zero: " + text);
            else v = new BigInteger(t);
        }
        return negative ? v.negate() : v;
    }

    /** One address from CRIU's u32 words in network byte order: 1 word IPv4, else 4 words IPv6 (Python's text form). */
    static String address(int[] words) {
        if (words.length == 1) {
            int v = Integer.reverseBytes(words[0]);
            return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        }
        int[] hextets = new int[8];
        for (int i = 0; i < 4; i++) {
            int v = Integer.reverseBytes(words[i]);
            hextets[2 * i] = v >>> 16;
            hextets[2 * i + 1] = v & 0xffff;
        }
        if (hextets[0] == 0 && hextets[1] == 0 && hextets[2] == 0 && hextets[3] == 0 && hextets[4] == 0 && hextets[5] == 0xffff)
            return "::ffff:" + (hextets[6] >>> 8) + "." + (hextets[6] & 0xff) + "." + (hextets[7] >>> 8) + "." + (hextets[7] & 0xff);
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (hextets[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && hextets[j] == 0) j++;
            if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
            i = j;
        }
        if (bestLength < 2) bestStart = -1;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            b.append(Integer.toHexString(hextets[i]));
            if (i < 7) b.append(':');
        }
        return b.toString();
    }

    /** Network-order u32 words of an IPv4 (1 word) or IPv6 (4 words) address in text. */
    static int[] unaddress(String text) {
        java.net.InetAddress a;
        if (!text.matches("[0-9a-fA-F:.]+")) throw new NumberFormatException("not an IP address: " + text);
        try {
            a = java.net.InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new NumberFormatException("not an IP address: " + text);
        }
        byte[] b = a.getAddress();
        if (b.length == 4 && text.contains(":")) { // ::ffff:a.b.c.d comes back as IPv4 from Java
            byte[] six = new byte[16];
            six[10] = (byte) 0xff;
            six[11] = (byte) 0xff;
            System.arraycopy(b, 0, six, 12, 4);
            b = six;
        }
        int[] words = new int[b.length / 4];
        for (int i = 0; i < words.length; i++)
            words[i] = Integer.reverseBytes((b[4 * i] & 0xff) << 24 | (b[4 * i + 1] & 0xff) << 16 | (b[4 * i + 2] & 0xff) << 8 | (b[4 * i + 3] & 0xff));
        return words;
    }
}
