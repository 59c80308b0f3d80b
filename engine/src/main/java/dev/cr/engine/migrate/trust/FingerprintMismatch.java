package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

/** The target's certificate is not the one the user pinned: nothing was sent. */
public final class FingerprintMismatch extends MigrationException {
    /**
     * The target presented another certificate than the one pinned.
     *
     * @param operation what was being done
     * @param expected  the fingerprint the user gave
     * @param presented the fingerprint of the certificate the target presented
     */
    public FingerprintMismatch(String operation, Fingerprint expected, Fingerprint presented) {
        super(operation, "the target presented a certificate with fingerprint " + presented
                        + ", not the expected " + expected + "; nothing was sent",
                "check the fingerprint the target printed when it started serving; if the target's identity was recreated, use the new one");
    }
}
