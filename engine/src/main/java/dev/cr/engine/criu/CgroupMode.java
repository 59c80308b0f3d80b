package dev.cr.engine.criu;

/** CRIU's {@code --manage-cgroups} modes: how cgroup properties are dumped and restored. */
public enum CgroupMode {
    /** Leave cgroups alone: neither dump nor restore them. */
    IGNORE,
    /** Dump membership only; at restore the cgroups must exist, their properties are not set. */
    NONE,
    /** At restore the cgroups must exist; their properties are restored. */
    PROPS,
    /** Restore properties only of the cgroups CRIU had to create (CRIU's default). */
    SOFT,
    /** Create the missing cgroups and restore every property. */
    FULL,
    /** Create every cgroup and restore every property; fail when one already exists. */
    STRICT,
    /** Whatever CRIU chooses when not told ({@link #SOFT}). */
    DEFAULT;

    /** {@return the name CRIU uses on its command line} */
    public String criuName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /**
     * Parses CRIU's name of a mode, case-insensitively.
     *
     * @param s the name ("soft", "FULL"), surrounding spaces allowed
     * @return the mode
     * @throws IllegalArgumentException when no mode has that name
     */
    public static CgroupMode parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
