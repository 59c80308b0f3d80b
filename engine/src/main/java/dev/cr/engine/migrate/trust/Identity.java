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
    /** The PKCS#12 file's name inside the identity directory. */
    public static final String FILE = "identity.p12";
    /** The key store alias of the key and certificate. */
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

    /**
     * Loads the identity in {@code dir}, creating the directory, key and certificate when missing.
     *
     * @param dir        the identity directory; created with mode 0700 when missing
     * @param commonName the certificate's common name when one is created ("cr-serve HOST")
     * @return the identity
     * @throws MigrationException when the file is readable by others, damaged, or keytool fails
     */
    public static Identity loadOrCreate(Path dir, String commonName) {
        Path file = dir.resolve(FILE);
        String op = "loading the TLS identity in " + dir;
        try {
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) create(dir, file, commonName, op);
            checkProtection(dir, file, op);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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

    /**
     * The key is protected by nothing but modes (see above), so they are checked on every load, not only when cr made
     * them: the directory must be ours and closed to everybody else (else another user could replace the key, add a
     * trusted source to a cr serve state directory, or read the checkpoints it receives), the key a regular file of
     * ours that nobody else can read.
     */
    private static void checkProtection(Path dir, Path file, String op) throws IOException {
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        var d = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class);
        int dirOwner = (Integer) Files.getAttribute(dir, "unix:uid");
        String fix = "chown " + me + " " + dir + " " + file + "; chmod 700 " + dir + "; chmod 600 " + file
                + " (and check who else could have changed them)";
        if (dirOwner != me)
            throw new MigrationException(op, dir + " is owned by uid " + dirOwner + ", not by this user (uid " + me + ")", fix);
        // No access for others at all, as cr creates it (rwx------): writing there replaces the key or trusts a source,
        // and on a target the received checkpoints (the workloads' memory) are written below it.
        for (var p : d.permissions()) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))
                throw new MigrationException(op, dir + " can be reached by other users (" + PosixFilePermissions.toString(d.permissions())
                        + "): whoever writes there can replace this host's key or trust a source, and on a target the "
                        + "received checkpoints (the workloads' memory) are below it", fix);
        }
        var f = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!f.isRegularFile())
            throw new MigrationException(op, file + " is " + (f.isSymbolicLink() ? "a symbolic link" : "not a regular file")
                    + "; cr writes the key as a regular file", "move it away to create a new identity, or put the real file there");
        int fileOwner = (Integer) Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (fileOwner != me)
            throw new MigrationException(op, file + " is owned by uid " + fileOwner + ", not by this user (uid " + me + ")", fix);
        for (var p : f.permissions()) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))
                throw new MigrationException(op, file + " can be reached by other users (" + PosixFilePermissions.toString(f.permissions())
                        + "): they could read this host's private key", fix);
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
                // no /tmp/hsperfdata file: a JVM that starts deletes other dead JVMs' files there, which a dumped
                // JVM needs back at restore
                "-J-XX:-UsePerfData",
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

    /**
     * {@return the self-signed certificate presented to peers}
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * {@return the certificate's fingerprint, what peers pin}
     */
    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate);
    }

    /**
     * {@return the PKCS#12 file}
     */
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
