package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS 1.3 contexts for the migration link. No certificate authority is involved: the source pins the target's
 * certificate by fingerprint, and the target decides after the handshake whether the client's certificate is
 * trusted or may become trusted with a join token (the way LXD treats remotes).
 */
public final class Tls {
    /** The only protocol the migration link speaks. */
    public static final String PROTOCOL = "TLSv1.3";

    private Tls() {}

    /**
     * The source's context: presents {@code own}, accepts only a server whose leaf certificate has {@code pinned}.
     *
     * @param own       this source's identity
     * @param pinned    the target certificate's fingerprint the user gave
     * @param operation what is being done, for the {@link FingerprintMismatch} a wrong certificate causes
     * @return a TLS 1.3 context
     */
    public static SSLContext client(Identity own, Fingerprint pinned, String operation) {
        return context(own, new Pinned(pinned, operation));
    }

    /**
     * The target's context: presents {@code own} and takes any client certificate during the handshake; the
     * service checks it right after, before reading anything but the hello.
     *
     * @param own the target's identity
     * @return a TLS 1.3 context
     */
    public static SSLContext server(Identity own) {
        return context(own, new AnyClient());
    }

    /**
     * Makes a socket speak {@link #PROTOCOL} only.
     *
     * @param socket a socket of one of these contexts, before its handshake
     */
    public static void restrict(SSLSocket socket) {
        SSLParameters p = socket.getSSLParameters();
        p.setProtocols(new String[] {PROTOCOL});
        socket.setSSLParameters(p);
    }

    private static SSLContext context(Identity own, TrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance(PROTOCOL);
            ctx.init(own.keyManagers(), new TrustManager[] {trust}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no TLS 1.3", e);
        }
    }

    /** Checks the server's leaf certificate against one fingerprint; nothing else (no CA, no host name) matters. */
    public static final class Pinned extends X509ExtendedTrustManager {
        private final Fingerprint expected;
        private final String operation;
        volatile Fingerprint presented;

        Pinned(Fingerprint expected, String operation) {
            this.expected = expected;
            this.operation = operation;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the target sent no certificate");
            presented = Fingerprint.of(chain[0]);
            if (!presented.equals(expected))
                throw new CertificateException(new FingerprintMismatch(operation, expected, presented).getMessage());
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { throw new CertificateException("not a server"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("not a server"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("not a server"); }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    /** Requires a client certificate whose self-signature verifies; trust is decided by the service afterwards. */
    public static final class AnyClient extends X509ExtendedTrustManager {
        /** A trust manager; it holds no state. */
        public AnyClient() {}

        private static void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the client sent no certificate");
            try {
                chain[0].checkValidity();
                chain[0].verify(chain[0].getPublicKey()); // proves the client holds the key of a self-signed cert
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the client certificate is not a valid self-signed certificate: " + e.getMessage(), e);
            }
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { check(chain); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { throw new CertificateException("not a client"); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("not a client"); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("not a client"); }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
