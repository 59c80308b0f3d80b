package dev.cr.engine.migrate.trust;

import java.nio.file.Path;

/**
 * The target's state directory: {@code identity.p12} (key and certificate), {@code tokens/} (hashes of unused
 * join tokens), {@code trusted/} (certificates of accepted sources) and {@code incoming/} (migrations being
 * received; each is removed when it ends, whatever the outcome).
 *
 * @param dir the state directory, owned by the user running {@code cr serve} (root)
 */
public record ServeState(Path dir) {
    /** Where {@code cr serve} keeps its state unless told otherwise. */
    public static final Path DEFAULT = Path.of("/var/lib/cr/serve");

    /**
     * {@return the target's TLS identity, created on first use with the host name in its common name}
     */
    public Identity identity() {
        return Identity.loadOrCreate(dir, "cr-serve " + hostName());
    }

    /**
     * {@return the join tokens of {@code tokens/}}
     */
    public JoinTokens tokens() {
        return new JoinTokens(dir.resolve("tokens"));
    }

    /**
     * {@return the trusted sources of {@code trusted/}}
     */
    public TrustedClients trusted() {
        return new TrustedClients(dir.resolve("trusted"));
    }

    /**
     * {@return the directory under which migrations being received are staged}
     */
    public Path incoming() {
        return dir.resolve("incoming");
    }

    /**
     * {@return this host's name, or "localhost" when it cannot be found}
     */
    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
