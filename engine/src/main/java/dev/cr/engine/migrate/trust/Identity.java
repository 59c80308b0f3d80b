package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A host's TLS identity: an EC P-256 key and a self-signed certificate in a PKCS#12 file, created on first use.
 * The target ({@code cr serve}) and the source ({@code cr migrate}) each have one; peers recognise each other by
 * the certificate's {@link Fingerprint}, never by a certificate authority.
 *
 * <p>The key pair and certificate are made by running the JDK's own {@code keytool}: the JDK has no public API to
 * create an X.509 certificate (only the internal {@code sun.security.x509}), and cr allows no extra dependency
 * such as Bouncy Castle. The PKCS#12 password is a fixed word because the protection is the file's mode (0600 in a
 * 0700 directory, root's); a password stored beside the file would add nothing.
 */
public final class Identity {
    public static final String FILE = "identity.p12";
    public static final String ALIAS = "cr";
    private static final char[] PASSWORD = "cr-identity".toCharArray();

    private final Path file;
    private final KeyStore store;
    private final X509Certificate certificate;

    private Identity(Path file, KeyStore store, X509Certificate certificate) {
        this.file = file;
        this.store = store;
        this.certificate = certificate;
    }

    /** Loads the identity in {@code dir}, creating the directory, key and certificate when missing. */
    public static Identity loadOrCreate(Path dir, String commonName) {
        Path file = dir.resolve(FILE);
        String op = "loading the TLS identity in " + dir;
        try {
            if (!Files.exists(file)) create(dir, file, commonName, op);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD);
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            if (cert == null) throw new MigrationException(op, file + " has no entry '" + ALIAS + "'",
                    "move " + file + " away to create a new identity (peers must then trust the new fingerprint)");
            return new Identity(file, ks, cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new MigrationException(op, "cannot read " + file + ": " + e.getMessage(),
                    "move " + file + " away to create a new identity (peers must then trust the new fingerprint)", e);
        }
    }

    private static void create(Path dir, Path file, String commonName, String op) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path tmp = dir.resolve(FILE + ".new");
        Files.deleteIfExists(tmp);
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(),
                // keytool is a short-lived JVM: the quick JIT and GC settings halve its start-up here.
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto",
                // The password is a fixed word (see above), so PKCS#12's 10,000 PBKDF2 rounds (for the MAC and the
                // key) protect nothing; in the cold JVM of a one-shot cr migrate they cost 1 to 1.7 s per load here.
                "-J-Dkeystore.pkcs12.macAlgorithm=NONE", "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE",
                "-J-Dkeystore.pkcs12.keyPbeIterationCount=1",
                "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + commonName.replace(",", " "), "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", tmp.toString(),
                "-storepass", new String(PASSWORD)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes());
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MigrationException(op, "keytool did not finish in 60 s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(op, "interrupted while creating the identity", null, e);
        }
        if (p.exitValue() != 0)
            throw new MigrationException(op, "keytool failed (exit " + p.exitValue() + "): " + out.strip(),
                    "check that " + keytool + " exists and " + dir + " is writable");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate);
    }

    public Path file() {
        return file;
    }

    KeyManager[] keyManagers() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key in " + file, e);
        }
    }
}
