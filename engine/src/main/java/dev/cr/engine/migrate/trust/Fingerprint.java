package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 digest of a certificate's DER encoding, the way people compare certificates over the phone.
 *
 * @param sha256 the 32 bytes of the digest; copied, so the caller may reuse its array
 */
public record Fingerprint(byte[] sha256) {
    /**
     * Checks the length and copies the bytes.
     *
     * @throws IllegalArgumentException when {@code sha256} is not 32 bytes long
     */
    public Fingerprint {
        if (sha256.length != 32) throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes");
        sha256 = sha256.clone();
    }

    /**
     * The fingerprint of a certificate.
     *
     * @param cert the certificate
     * @return the SHA-256 of its DER encoding
     */
    public static Fingerprint of(X509Certificate cert) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot digest a certificate", e);
        }
    }

    /**
     * Accepts "AB:CD:...", "abcd..." and an optional "sha256:" prefix.
     *
     * @param text the fingerprint as a person copied it: 64 hex digits, colons and case as they come
     * @return the fingerprint
     * @throws MigrationException when the text is not 32 bytes of hex
     */
    public static Fingerprint parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("sha256:")) t = t.substring(7);
        t = t.replace(":", "");
        try {
            return new Fingerprint(HexFormat.of().parseHex(t));
        } catch (IllegalArgumentException e) {
            throw new MigrationException("reading a fingerprint", "'" + text + "' is not a SHA-256 fingerprint (64 hex digits)",
                    "copy the fingerprint the target printed when it started serving");
        }
    }

    /** Colon-separated upper-case hex, as keytool and openssl print it. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }

    /** {@return plain lower-case hex, 64 digits, for file names} */
    public String hex() {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && MessageDigest.isEqual(sha256, f.sha256);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256);
    }
}
