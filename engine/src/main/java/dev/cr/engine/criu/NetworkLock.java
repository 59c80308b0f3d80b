package dev.cr.engine.criu;

/** How CRIU keeps the network quiet while the tasks are frozen ({@code --network-lock}). */
public enum NetworkLock {
    /** With iptables rules (iptables-restore must be installed): CRIU's default. */
    IPTABLES,
    /** With an nftables table (nft, or CRIU built with libnftables). */
    NFTABLES;

    /** {@return the name CRIU uses on its command line} */
    public String criuName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /**
     * Parses CRIU's name of a method, case-insensitively.
     *
     * @param s "iptables" or "nftables", surrounding spaces allowed
     * @return the method
     * @throws IllegalArgumentException for any other name
     */
    public static NetworkLock parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
