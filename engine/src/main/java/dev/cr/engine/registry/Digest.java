package dev.cr.engine.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests as the OCI formats write them: {@code sha256:} and 64 lower-case hex digits (the only algorithm cr uses). */
final class Digest {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digest() {}

    static String parse(String d) {
        if (d == null || !SHA256.matcher(d).matches())
            throw new IllegalArgumentException("'" + d + "' is not a sha256 digest (sha256: and 64 hex digits)");
        return d;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String of(MessageDigest done) {
        return "sha256:" + HexFormat.of().formatHex(done.digest());
    }

    static String of(byte[] content) {
        MessageDigest md = sha256();
        md.update(content);
        return of(md);
    }

    /** The hex part, for file names. */
    static String hex(String d) {
        return d.substring("sha256:".length());
    }
}
