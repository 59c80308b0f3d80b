package dev.cr.cli;

import java.util.Locale;

/** Byte counts as people write and read them. */
final class Sizes {
    private Sizes() {}

    /**
     * Bytes in binary units as people read them, the way checkpointctl writes them: "512 B", "2.5 MiB", "116 KiB"
     * (one decimal under 100, whole numbers above). Written by hand: {@code String.format} took a tenth of the
     * time of {@code cr inspect}'s tree, which prints a size per process.
     */
    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String units = "KMGTPE";
        int u = 0;
        long unit = 1024;
        // Up a unit while the number would print as 1024 or more (1023.6 KiB rounds to 1024: that is 1.0 MiB).
        while (Math.round((double) bytes / unit) >= 1024 && u < units.length() - 1) {
            unit <<= 10;
            u++;
        }
        long tenths = Math.round(bytes * 10.0 / unit);
        if (tenths >= 1000) return Math.round((double) bytes / unit) + " " + units.charAt(u) + "iB";
        return tenths / 10 + "." + tenths % 10 + " " + units.charAt(u) + "iB";
    }

    /** "4096", "64K", "512M", "2G"; anything else is a RuntimeException. */
    private static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("IB")) t = t.substring(0, t.length() - 2);
        else if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> mult = 1L << 10;
            case 'M' -> mult = 1L << 20;
            case 'G' -> mult = 1L << 30;
            case 'T' -> mult = 1L << 40;
            default -> mult = 1;
        }
        if (mult != 1) t = t.substring(0, t.length() - 1);
        return Math.multiplyExact(Long.parseLong(t), mult);
    }

    /** A size given to {@code option}; a bad one is a usage error that names the option. */
    static long parse(String option, String text) {
        try {
            long v = parse(text);
            if (v < 0) throw new IllegalArgumentException();
            return v;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " takes a size like 1048576, 512K or 10M; got '" + text + "'");
        }
    }
}
