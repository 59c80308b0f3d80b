package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

/** The target's certificate is not the one the user pinned: nothing was sent. */
public final class FingerprintMismatch extends MigrationException {
    public FingerprintMismatch(String operation, Fingerprint expected, Fingerprint presented) {
        super(operation, "the target presented a certificate with fingerprint " + presented
                        + ", not the expected " + expected + "; nothing was sent",
                "check the fingerprint the target printed when it started serving; if the target's identity was recreated, use the new one");
    }
}
