package dev.cr.engine.registry;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A real registry for tests: Debian's {@code docker-registry} (the CNCF Distribution registry) on a free loopback
 * port, with TLS (a self-signed certificate for 127.0.0.1 made here with openssl, which is also the CA to trust)
 * and htpasswd (bcrypt) authentication of one user with a random password. Its storage lives under the test's
 * directory; {@link #kill()} and {@link #start()} stop and restart it on the same storage.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String USER = "cr-test";

    private final Path dir;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private final boolean tokenAuth;
    private FakeTokenServer tokenServer;
    private String realmOverride;
    private Process process;

    private TestRegistry(Path dir, int port, boolean tokenAuth) {
        this.dir = dir;
        this.port = port;
        this.tokenAuth = tokenAuth;
    }

    /** Needs docker-registry, htpasswd and openssl (scripts/provision installs them); skips or, in CI, fails without. */
    public static TestRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, false);
    }

    /**
     * The registry with token authentication instead of htpasswd: its challenge sends clients to a
     * {@link FakeTokenServer} that checks the same user and password and signs tokens the registry verifies.
     */
    static TestRegistry startWithTokenAuth(Path dir) throws IOException, InterruptedException {
        return start(dir, true, null);
    }

    /** As {@link #startWithTokenAuth(Path)}, but the registry's challenge names {@code realm} (a hostile or broken setup). */
    static TestRegistry startWithTokenAuth(Path dir, String realm) throws IOException, InterruptedException {
        return start(dir, true, realm);
    }

    FakeTokenServer tokenServer() {
        return tokenServer;
    }

    private static TestRegistry start(Path dir, boolean tokenAuth) throws IOException, InterruptedException {
        return start(dir, tokenAuth, null);
    }

    private static TestRegistry start(Path dir, boolean tokenAuth, String realm) throws IOException, InterruptedException {
        for (String tool : List.of("/usr/bin/docker-registry", "/usr/bin/htpasswd", "/usr/bin/openssl")) {
            if (Files.isExecutable(Path.of(tool))) continue;
            String msg = "this test needs " + tool + " (run scripts/provision)";
            if (Requirements.strict()) Assertions.fail(msg + " (CR_REQUIRE_CRIU=1: failing instead of skipping)");
            Assumptions.abort(msg + "; skipped");
        }
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestRegistry r = new TestRegistry(dir, port, tokenAuth);
        r.realmOverride = realm;
        r.configure();
        r.start();
        return r;
    }

    private void configure() throws IOException, InterruptedException {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", caCert().toString(), "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        Files.writeString(dir.resolve("htpasswd"), run("htpasswd", "-nbB", USER, password));
        String auth = """
                auth:
                  htpasswd:
                    realm: cr-test
                    path: %s
                """.formatted(dir.resolve("htpasswd"));
        if (tokenAuth) {
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", dir.resolve("token-key.pem").toString(), "-out", dir.resolve("token-cert.pem").toString(),
                    "-days", "2", "-subj", "/CN=cr-test-token-signer");
            try {
                tokenServer = new FakeTokenServer(dir.resolve("key.pem"), caCert(), dir.resolve("token-key.pem"),
                        dir.resolve("token-cert.pem"), USER, password);
            } catch (Exception e) {
                throw new IOException("cannot start the token server: " + e, e);
            }
            auth = """
                    auth:
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(realmOverride != null ? realmOverride : tokenServer.realm(), FakeTokenServer.SERVICE, FakeTokenServer.ISSUER, dir.resolve("token-cert.pem"));
        }
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  tls:
                    certificate: %s
                    key: %s
                """.formatted(storage(), port, caCert(), dir.resolve("key.pem")) + auth);
        writeAuthFile(authFile(), USER, password);
        writeAuthFile(wrongAuthFile(), USER, password + "-wrong");
    }

    private void writeAuthFile(Path file, String user, String pass) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        Files.writeString(file, "{\"auths\": {\"" + host() + "\": {\"auth\": \"" + auth + "\"}}}\n");
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    /** Starts (or restarts) the registry and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
                .start();
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("docker-registry did not listen on " + host() + " within 15 s");
    }

    /** Kills the registry at once (SIGKILL), as a crash would. */
    public void kill() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String host() { return "127.0.0.1:" + port; }

    public Reference ref(String repoAndTag) { return Reference.parse(host() + "/" + repoAndTag); }

    public Path caCert() { return dir.resolve("ca.pem"); }

    /** An auth file with the right password. */
    public Path authFile() { return dir.resolve("auth.json"); }

    /** An auth file with a wrong password for the same user. */
    public Path wrongAuthFile() { return dir.resolve("wrong-auth.json"); }

    public Path storage() { return dir.resolve("storage"); }

    public RegistryOptions options() {
        return RegistryOptions.defaults().authFile(authFile()).caCertificate(caCert()).layerCache(dir.resolve("layer-cache"));
    }

    /** Where the filesystem driver keeps a blob's bytes (to damage it on purpose). */
    public Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    @Override
    public void close() {
        kill();
        if (tokenServer != null) tokenServer.close();
    }
}
