package dev.cr.engine.archive;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tar headers read one 512-byte block at a time, for the index of an uncompressed archive (blocks read at
 * positions) and for the one-pass reader of a compressed one (blocks read from the stream). POSIX ustar, with the
 * PAX and GNU records that carry long names and large sizes, as cr pack, GNU tar and Go's archive/tar write them.
 * Every header's checksum is checked, and names are normalised and refused as {@link ArchiveEntries} says.
 * Written here rather than with commons-compress: its readers parse every header's times through classes whose
 * start-up cost more than reading a checkpoint's whole index, and its stream skips with a fresh buffer each call.
 */
final class TarHeaders {
    static final int BLOCK = 512;

    private final String op;
    private String longName, longLink;
    private Map<String, String> pax = Map.of();
    private int entries;

    TarHeaders(String op) {
        this.op = op;
    }

    /** One header: its type, the length of the data that follows it, and the names it carries. */
    final class Header {
        private final char type;
        private final long length;
        private final String where, name, link;

        private Header(char type, long length, String where, String name, String link) {
            this.type = type;
            this.length = length;
            this.where = where;
            this.name = name;
            this.link = link;
        }

        long length() { return length; }

        String where() { return where; }

        /** A record for the header after it (PAX or GNU long names), not an entry of its own. */
        boolean extension() { return type == 'x' || type == 'g' || type == 'L' || type == 'K'; }

        /** The entry whose data starts at {@code data}, or null for the archive's own root ("./"). */
        ArchiveEntry entry(long data) {
            if (++entries > SafeExtraction.MAX_ENTRIES)
                throw ArchiveEntries.refuse(where, "the archive has more than " + SafeExtraction.MAX_ENTRIES + " entries", op);
            String normal = ArchiveEntries.normalise(name, op);
            if (normal.isEmpty()) return null;
            ArchiveEntry.Kind kind = switch (type) {
                case '0', '\0', '7' -> name.endsWith("/") ? ArchiveEntry.Kind.DIRECTORY : ArchiveEntry.Kind.FILE;
                case '1' -> ArchiveEntry.Kind.HARDLINK;
                case '2' -> ArchiveEntry.Kind.SYMLINK;
                case '5' -> ArchiveEntry.Kind.DIRECTORY;
                default -> ArchiveEntry.Kind.OTHER; // devices, FIFOs, GNU sparse files, unknown types
            };
            boolean isLink = kind == ArchiveEntry.Kind.SYMLINK || kind == ArchiveEntry.Kind.HARDLINK;
            return new ArchiveEntry(normal, kind, data, kind == ArchiveEntry.Kind.FILE ? length : 0, isLink ? link : null);
        }
    }

    /** Reads the header block {@code h} found at byte {@code at}; null for an end-of-archive block. */
    Header read(byte[] h, long at) {
        if (zero(h)) return null;
        String where = "the header at byte " + at;
        if (!checksumOk(h)) throw ArchiveEntries.refuse(where, "its checksum is wrong: the file is not a tar archive, or it is damaged", op);
        long length = number(h, 124, 12, where, op);
        char type = (char) h[156];
        boolean extension = type == 'x' || type == 'g' || type == 'L' || type == 'K';
        if (!extension && pax.containsKey("size")) length = paxNumber(pax.get("size"), where, op);
        if (length < 0 || length > Long.MAX_VALUE - 2 * BLOCK) throw ArchiveEntries.refuse(where, "its size is negative or too large", op);
        if (extension) return new Header(type, length, where, null, null);
        String name = pax.getOrDefault("path", longName != null ? longName : ustarName(h));
        String link = pax.getOrDefault("linkpath", longLink != null ? longLink : field(h, 157, 100));
        pax = Map.of();
        longName = longLink = null;
        return new Header(type, length, where, name, link);
    }

    /** Takes in an extension record's data: the names and size it gives the next header. */
    void extension(Header hd, byte[] data) {
        switch (hd.type) {
            case 'x' -> pax = paxRecords(data, hd.where, op);
            case 'L' -> longName = cString(data);
            case 'K' -> longLink = cString(data);
            default -> { } // global PAX records: nothing cr reads is set there
        }
    }

    static void checkExtension(long length, String where, String op) {
        if (length > 1 << 20) throw ArchiveEntries.refuse(where, "its extended header is larger than 1 MiB", op);
    }

    /** The data's length rounded up to whole blocks. */
    static long padded(long length) {
        return (length + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean zero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    /** The header's checksum: the sum of its bytes with the checksum field read as spaces (signed or not, as tar allows). */
    private static boolean checksumOk(byte[] h) {
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        long stored = 0;
        boolean any = false;
        for (int i = 148; i < 156; i++) {
            int c = h[i];
            if (c >= '0' && c <= '7') {
                stored = stored * 8 + (c - '0');
                any = true;
            } else if (any || (c != ' ' && c != 0)) {
                if (c == ' ' || c == 0) break;
                return false;
            }
        }
        return any && (stored == unsigned || stored == signed);
    }

    /** An octal field, or a base-256 one (GNU and POSIX write sizes past 8 GiB so). */
    private static long number(byte[] h, int off, int len, String where, String op) {
        if ((h[off] & 0x80) != 0) {
            if ((h[off] & 0x40) != 0) throw ArchiveEntries.refuse(where, "its size is negative", op);
            long v = h[off] & 0x3f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) throw ArchiveEntries.refuse(where, "its size is too large", op);
                v = v << 8 | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off, end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) i++;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            if (v > (Long.MAX_VALUE >>> 3)) throw ArchiveEntries.refuse(where, "its size is too large", op);
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static long paxNumber(String v, String where, String op) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ArchiveEntries.refuse(where, "its PAX size '" + v + "' is not a number", op);
        }
    }

    /** PAX extended header records: "LENGTH key=value\n", LENGTH counting the whole record. */
    private static Map<String, String> paxRecords(byte[] b, String where, String op) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < b.length && b[i] != 0) {
            int space = i;
            while (space < b.length && b[space] != ' ') space++;
            int len;
            try {
                len = Integer.parseInt(new String(b, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw ArchiveEntries.refuse(where, "its PAX records are malformed", op);
            }
            if (len <= space - i || i + len > b.length) throw ArchiveEntries.refuse(where, "its PAX records are malformed", op);
            String record = new String(b, space + 1, i + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) out.put(record.substring(0, eq), record.substring(eq + 1));
            i += len;
        }
        return out;
    }

    private static String ustarName(byte[] h) {
        String name = field(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

}
