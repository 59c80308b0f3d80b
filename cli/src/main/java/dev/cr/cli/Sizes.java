package dev.cr.cli;

import java.util.Locale;
import java.util.function.Function;

/** Parses sizes like {@code 10M} and enumerated option values, with messages that name the option. */
final class Sizes {
    private Sizes() {}

    static long parse(String option, String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("K")) mult = 1L << 10;
        else if (t.endsWith("M")) mult = 1L << 20;
        else if (t.endsWith("G")) mult = 1L << 30;
        if (mult != 1) t = t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(t);
            if (v < 0) throw new NumberFormatException();
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " takes a size like 1048576, 512K or 10M; got '" + s + "'");
        }
    }

    static <T> T choice(String option, String s, Function<String, T> parse) {
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + s + "'");
        }
    }
}
