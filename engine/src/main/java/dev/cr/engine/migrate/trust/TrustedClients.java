package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * The source hosts a target accepts: the certificates of clients that once presented a valid join token,
 * one DER file per certificate named by its fingerprint. Remove a file to revoke that host.
 */
public final class TrustedClients {
    private final Path dir;

    /**
     * The trusted sources kept in {@code dir}.
     *
     * @param dir the directory of DER files; created on the first {@link #add}
     */
    public TrustedClients(Path dir) {
        this.dir = dir;
    }

    /**
     * Whether a source is trusted.
     *
     * @param fp the fingerprint of the certificate a client presented
     * @return true when a file for it is there
     */
    public boolean contains(Fingerprint fp) {
        return Files.isRegularFile(dir.resolve(fp.hex() + ".der"));
    }

    /**
     * Trusts a source from now on; adding one already trusted rewrites its file.
     *
     * @param cert the source's certificate
     * @throws MigrationException when the file cannot be written
     */
    public void add(X509Certificate cert) {
        Fingerprint fp = Fingerprint.of(cert);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(fp.hex() + ".der"), cert.getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            throw new MigrationException("trusting client " + fp, "cannot write to " + dir + ": " + e.getMessage(), null, e);
        }
    }
}
