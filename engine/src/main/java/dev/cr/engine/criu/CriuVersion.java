package dev.cr.engine.criu;

/**
 * A CRIU version as libcriu reports it: {@code major * 10000 + minor * 100 + sublevel}.
 *
 * @param major    the major version (4 in 4.2.1)
 * @param minor    the minor version, 0..99
 * @param sublevel the patch level, 0..99
 */
public record CriuVersion(int major, int minor, int sublevel) implements Comparable<CriuVersion> {
    /** The oldest CRIU the engine works with on current kernels. */
    public static final CriuVersion MINIMUM = new CriuVersion(4, 2, 0);

    /**
     * Decodes libcriu's number (40201 is 4.2.1).
     *
     * @param code the number, positive
     * @return the version
     */
    public static CriuVersion of(int code) {
        return new CriuVersion(code / 10000, code / 100 % 100, code % 100);
    }

    /** {@return libcriu's number for this version (40201 for 4.2.1)} */
    public int code() { return major * 10000 + minor * 100 + sublevel; }

    /**
     * Whether this version is {@code other} or newer.
     *
     * @param other the version to compare with, such as {@link #MINIMUM}
     * @return true when this one is the same or newer
     */
    public boolean atLeast(CriuVersion other) { return compareTo(other) >= 0; }

    @Override
    public int compareTo(CriuVersion o) { return Integer.compare(code(), o.code()); }

    @Override
    public String toString() { return major + "." + minor + "." + sublevel; }
}
