package dev.cr.engine.registry;

import dev.cr.engine.json.JsonWriter;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a registry's token server (Docker's token authentication), which no Debian package provides:
 * it checks HTTP Basic credentials and answers with a JWT signed (ES256) by a key whose certificate the real
 * registry trusts ({@code auth.token.rootcertbundle}). The registry verifies the token itself, so the bearer
 * flow of the client is tested end to end against the registry's own checks. Serves HTTPS with the given
 * key and certificate (PEM).
 */
final class FakeTokenServer implements AutoCloseable {
    static final String ISSUER = "cr-test-issuer";
    static final String SERVICE = "cr-test-service";

    private final HttpsServer server;
    private final PrivateKey signingKey;
    private final String signingCert;
    private final String user, password;
    final AtomicInteger tokensIssued = new AtomicInteger();

    FakeTokenServer(Path tlsKey, Path tlsCert, Path signKey, Path signCert, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        this.signingKey = ecKey(signKey);
        this.signingCert = Base64.getEncoder().encodeToString(cert(signCert).getEncoded());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", ecKey(tlsKey), new char[0], new Certificate[] {cert(tlsCert)});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/token", exchange -> {
            try (exchange) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(auth)) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                byte[] body = ("{\"token\": \"" + token(q.getOrDefault("scope", "")) + "\", \"expires_in\": 300}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                tokensIssued.incrementAndGet();
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    String realm() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private String token(String scope) throws Exception {
        List<Object> access = new ArrayList<>();
        for (String s : scope.split(" ")) {
            String[] parts = s.split(":");
            if (parts.length != 3 || !parts[0].equals("repository")) continue;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", "repository");
            a.put("name", parts[1]);
            a.put("actions", List.of((Object[]) parts[2].split(",")));
            access.add(a);
        }
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", "JWT");
        header.put("x5c", List.of(signingCert));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", user);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(JsonWriter.COMPACT.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(JsonWriter.COMPACT.write(claims).getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
        sig.initSign(signingKey);
        sig.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(sig.sign());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static PrivateKey ecKey(Path pem) throws Exception {
        String text = Files.readString(pem);
        String b64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static Certificate cert(Path pem) throws IOException, java.security.cert.CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
