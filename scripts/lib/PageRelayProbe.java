// A throw-away-shaped relay used by scripts/bench-page-path only, to measure what cr's own TLS (the JDK's) costs
// on the path of CRIU's page server before the engine carries that path. Two modes:
//   java PageRelayProbe.java source LPORT RHOST RPORT KEYSTORE   - takes CRIU's page-server connection on
//        127.0.0.1:LPORT and relays it both ways over TLS 1.3 to RHOST:RPORT
//   java PageRelayProbe.java target LHOST LPORT PSPORT KEYSTORE  - takes that TLS connection and relays it to a
//        `criu page-server` on 127.0.0.1:PSPORT
// Each side warms AES-GCM up first (as cr's CryptoWarmUp does) and prints "ready" when it listens.
import java.io.*;
import java.net.*;
import java.nio.ByteBuffer;
import java.security.*;
import java.security.cert.X509Certificate;
import javax.crypto.Cipher;
import javax.crypto.spec.*;
import javax.net.ssl.*;

public class PageRelayProbe {
    public static void main(String[] a) throws Exception {
        warm();
        SSLContext ctx = context(a[4]);
        String w = System.getenv("PROBE_WARM_TLS");
        if (w != null && !w.isEmpty()) warmTls(ctx, Integer.parseInt(w));
        if (a[0].equals("source")) {
            try (ServerSocket ss = new ServerSocket(Integer.parseInt(a[1]), 1, InetAddress.getLoopbackAddress())) {
                System.out.println("ready"); System.out.flush();
                Socket criu = ss.accept();
                SSLSocket t = (SSLSocket) ctx.getSocketFactory().createSocket(a[2], Integer.parseInt(a[3]));
                t.setTcpNoDelay(true); t.startHandshake();
                relay(criu, t);
            }
        } else {
            SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(
                    Integer.parseInt(a[2]), 1, InetAddress.getByName(a[1]));
            System.out.println("ready"); System.out.flush();
            SSLSocket t = (SSLSocket) ss.accept();
            t.setTcpNoDelay(true); t.startHandshake();
            Socket ps = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(a[3]));
            relay(ps, t);
        }
    }

    static void relay(Socket plain, Socket tls) throws Exception {
        Thread up = Thread.ofPlatform().start(() -> pump(plain, tls));
        Thread down = Thread.ofPlatform().start(() -> pump(tls, plain));
        up.join(); down.join();
        System.err.println("relay done");
    }

    static void pump(Socket from, Socket to) {
        byte[] b = new byte[1 << 20];
        long total = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(b)) > 0; ) { out.write(b, 0, n); total += n; }
            if (to instanceof SSLSocket) to.close(); else to.shutdownOutput();
        } catch (IOException e) {
            try { to.close(); from.close(); } catch (IOException ignored) {}
        }
        System.err.println("pumped " + total + " bytes");
    }

    static SSLContext context(String ks) throws Exception {
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks)) { k.load(in, "probe1".toCharArray()); }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(k, "probe1".toCharArray());
        TrustManager any = new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String s) {}
            public void checkServerTrusted(X509Certificate[] c, String s) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {any}, new SecureRandom());
        return ctx;
    }

    /** Pushes MIB MiB through a TLS connection to ourselves: the record layer's code gets compiled, not just AES. */
    static void warmTls(SSLContext ctx, int mib) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread srv = Thread.ofPlatform().start(() -> {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                InputStream in = s.getInputStream(); byte[] b = new byte[1 << 20];
                while (in.read(b) > 0) ;
            } catch (IOException ignored) {}
        });
        try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
            OutputStream out = c.getOutputStream(); byte[] b = new byte[1 << 20];
            for (int i = 0; i < mib; i++) out.write(b);
        }
        srv.join(); ss.close();
    }

    static void warm() throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        byte[] rec = new byte[16 * 1024], sealed = new byte[rec.length + 16], opened = new byte[rec.length], iv = new byte[12];
        for (int i = 0; i < 6000; i++) {
            iv[0] = (byte) i; iv[1] = (byte) (i >> 8);
            Cipher e = Cipher.getInstance("AES/GCM/NoPadding"); e.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            Cipher d = Cipher.getInstance("AES/GCM/NoPadding"); d.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            if (i % 2 == 0) { e.doFinal(ByteBuffer.wrap(rec), ByteBuffer.wrap(sealed)); d.doFinal(ByteBuffer.wrap(sealed), ByteBuffer.wrap(opened)); }
            else { int n = e.doFinal(rec, 0, rec.length, sealed, 0); d.doFinal(sealed, 0, n, opened, 0); }
        }
    }
}
