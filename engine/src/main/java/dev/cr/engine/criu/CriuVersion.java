package dev.cr.engine.criu;

/** A CRIU version as libcriu reports it: {@code major * 10000 + minor * 100 + sublevel}. */
public record CriuVersion(int major, int minor, int sublevel) implements Comparable<CriuVersion> {
    /** The oldest CRIU the engine works with on current kernels. */
    public static final CriuVersion MINIMUM = new CriuVersion(4, 2, 0);

    /** Decodes libcriu's number (40201 is 4.2.1). */
    public static CriuVersion of(int code) {
        return new CriuVersion(code / 10000, code / 100 % 100, code % 100);
    }

    public int code() { return major * 10000 + minor * 100 + sublevel; }

    public boolean atLeast(CriuVersion other) { return compareTo(other) >= 0; }

    @Override
    public int compareTo(CriuVersion o) { return Integer.compare(code(), o.code()); }

    @Override
    public String toString() { return major + "." + minor + "." + sublevel; }
}
