package dev.cr.engine.criu;

/** CRIU's {@code --manage-cgroups} modes: how cgroup properties are dumped and restored. */
public enum CgroupMode {
    IGNORE, NONE, PROPS, SOFT, FULL, STRICT, DEFAULT;

    /** {@return the name CRIU uses on its command line} */
    public String criuName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** Parses CRIU's name of a mode, case-insensitively. */
    public static CgroupMode parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
