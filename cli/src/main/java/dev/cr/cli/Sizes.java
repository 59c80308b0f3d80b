package dev.cr.cli;

import dev.cr.engine.CrException;

import java.util.Locale;

/** Byte counts as people write and read them. */
final class Sizes {
    private Sizes() {}

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** "4096", "64K", "512M", "2G". */
    static long parse(String text) {
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
        try {
            return Math.multiplyExact(Long.parseLong(t), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CrException("reading a size", "'" + text + "' is not a size", "write it like 4096, 64K, 512M or 2G");
        }
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

    /** An enumerated value given to {@code option}, parsed by {@code parse}. */
    static <T> T choice(String option, String s, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + s + "'");
        }
    }
}
