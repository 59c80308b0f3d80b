package dev.cr.engine.criu;

/** How CRIU keeps the network quiet while the tasks are frozen ({@code --network-lock}). */
public enum NetworkLock {
    IPTABLES, NFTABLES;

    public String criuName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static NetworkLock parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
