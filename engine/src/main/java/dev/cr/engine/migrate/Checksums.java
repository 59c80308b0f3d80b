package dev.cr.engine.migrate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Checksums {
    private Checksums() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
