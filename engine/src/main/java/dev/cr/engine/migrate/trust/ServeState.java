package dev.cr.engine.migrate.trust;

import java.nio.file.Path;

/**
 * The target's state directory: {@code identity.p12} (key and certificate), {@code tokens/} (hashes of unused
 * join tokens), {@code trusted/} (certificates of accepted sources) and {@code incoming/} (migrations being
 * received; each is removed when it ends, whatever the outcome).
 */
public record ServeState(Path dir) {
    /** Where {@code cr serve} keeps its state unless told otherwise. */
    public static final Path DEFAULT = Path.of("/var/lib/cr/serve");

    public Identity identity() {
        return Identity.loadOrCreate(dir, "cr-serve " + hostName());
    }

    public JoinTokens tokens() {
        return new JoinTokens(dir.resolve("tokens"));
    }

    public TrustedClients trusted() {
        return new TrustedClients(dir.resolve("trusted"));
    }

    public Path incoming() {
        return dir.resolve("incoming");
    }

    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
