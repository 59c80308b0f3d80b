package dev.cr.engine.registry;

import dev.cr.engine.json.JsonReader;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the OCI distribution protocol cr needs, for one repository of one registry, over HTTPS:
 * checking, uploading and downloading blobs, and putting and getting manifests. Authentication follows the
 * registry's challenge ({@code WWW-Authenticate}): HTTP Basic with the auth file's credentials, or a bearer
 * token fetched from the realm the registry names, with those credentials when there are any.
 *
 * <p>Every failure becomes a {@link RegistryException} that says what the registry or the network did, in words.
 */
final class Distribution {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** More than this is not a manifest a checkpoint tool wrote: refuse it rather than hold it in memory. */
    static final int MAX_MANIFEST = 4 << 20;

    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final Reference ref;
    private final String operation;
    private final boolean push;
    private final HttpClient http;
    private final URI base;
    private final AuthFile authFile;
    private final java.time.Duration timeout;
    private final boolean usesOwnCa;
    private String authorization;

    Distribution(Reference ref, RegistryOptions options, String operation, boolean push) {
        this.ref = ref;
        this.operation = operation;
        this.push = push;
        this.timeout = options.timeout();
        this.authFile = AuthFile.find(options.authFile());
        this.usesOwnCa = options.caCertificate() != null;
        this.base = URI.create("https://" + ref.registry() + "/v2/");
        // HTTP/1.1: one stream per connection moves large blobs at full speed; the JDK's HTTP/2 flow control
        // windows would throttle a single large upload.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls(options.caCertificate(), operation))
                .build();
    }

    static SSLContext tls(Path ca, String operation) {
        try {
            if (ca == null) return SSLContext.getDefault();
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(ca)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) throw new GeneralSecurityException("no certificate in the file");
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) store.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new RegistryException(operation, "cannot read the CA certificate " + ca + ": " + e.getMessage(),
                    "give a PEM file of the registry's CA: caCertificate(file)", e);
        } catch (GeneralSecurityException e) {
            throw new RegistryException(operation, ca + " is not a PEM certificate: " + e.getMessage(),
                    "give a PEM file of the registry's CA (-----BEGIN CERTIFICATE-----): caCertificate(file)", e);
        }
    }

    private URI repo(String tail) {
        return base.resolve(ref.repository() + "/" + tail);
    }

    /** Whether the repository has the blob (so a push need not send it). */
    boolean hasBlob(String digest) {
        HttpResponse<Void> r = send(() -> request(repo("blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding(), "checking for blob " + digest);
        // A registry that keeps blobs in other storage (S3, a CDN) may answer with a redirect to where the blob is.
        if (r.statusCode() == 200 || r.statusCode() == 302 || r.statusCode() == 307) return true;
        if (r.statusCode() == 404) return false;
        throw status(r.statusCode(), null, "checking for blob " + digest);
    }

    /** Uploads {@code file} as the blob {@code digest} in one request (the registry checks the digest itself). */
    void uploadBlob(String digest, Path file, long size, String what, TransferProgress progress) {
        HttpResponse<String> start = send(() -> request(repo("blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString(), "starting the upload of " + what);
        if (start.statusCode() != 202) throw status(start.statusCode(), start.body(), "starting the upload of " + what);
        String location = start.headers().firstValue("Location").orElseThrow(() -> new RegistryException(operation,
                "the registry started an upload but gave no Location to send it to", "check that it is an OCI registry"));
        URI target = base.resolve(location);
        String q = target.getRawQuery();
        URI put = URI.create(target.toString() + (q == null || q.isEmpty() ? "?" : "&") + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new Counting(Files.newInputStream(file), what, size, progress);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), size);
        HttpResponse<String> done = send(() -> unbounded(put).header("Content-Type", "application/octet-stream").PUT(body),
                HttpResponse.BodyHandlers.ofString(), "uploading " + what);
        if (done.statusCode() != 201) throw status(done.statusCode(), done.body(), "uploading " + what);
    }

    /** Puts a manifest under a tag (or digest). */
    void putManifest(String reference, byte[] manifest, String mediaType) {
        HttpResponse<String> r = send(() -> request(repo("manifests/" + reference)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), HttpResponse.BodyHandlers.ofString(), "tagging " + reference);
        if (r.statusCode() != 201) throw status(r.statusCode(), r.body(), "putting the manifest as " + reference);
    }

    record Fetched(byte[] body, String mediaType, String digest) {}

    /** Gets the manifest (or index) at a tag or digest; a digest is checked against the bytes. */
    Fetched manifest(String reference) {
        HttpResponse<InputStream> r = send(() -> request(repo("manifests/" + reference))
                        .header("Accept", String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)).GET(),
                HttpResponse.BodyHandlers.ofInputStream(), "getting the manifest");
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(MAX_MANIFEST + 1);
        } catch (IOException e) {
            throw broken(e, "reading the manifest");
        }
        if (r.statusCode() == 404)
            throw new RegistryException(operation, ref.registry() + " has no " + ref.repository() + ":" + reference,
                    "check the repository and tag (a push that failed tags nothing)");
        if (r.statusCode() != 200) throw status(r.statusCode(), new String(body, StandardCharsets.UTF_8), "getting the manifest");
        if (body.length > MAX_MANIFEST)
            throw new RegistryException(operation, "the manifest is larger than " + MAX_MANIFEST + " bytes", "this is not a checkpoint image");
        String digest = Digest.of(body);
        if (reference.startsWith("sha256:") && !reference.equals(digest))
            throw new RegistryException(operation, "the manifest the registry sent has digest " + digest + ", not the "
                    + reference + " asked for: it was changed or damaged", "pull from a registry you trust");
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        return new Fetched(body, type, digest);
    }

    /** Streams a blob; the caller checks its digest as it reads. */
    InputStream blob(String digest) {
        URI uri = repo("blobs/" + digest);
        for (int hops = 0; hops < 5; hops++) {
            URI at = uri;
            boolean sameHost = at.getAuthority().equals(base.getAuthority());
            HttpResponse<InputStream> r = sameHost
                    ? send(() -> request(at).GET(), HttpResponse.BodyHandlers.ofInputStream(), "getting blob " + digest)
                    // A redirect to storage elsewhere (a CDN, S3) carries its own signature; our credentials stay home.
                    : sendOnce(HttpRequest.newBuilder(at).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream(), "getting blob " + digest);
            int s = r.statusCode();
            if (s == 200) return r.body();
            close(r.body());
            if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
                uri = at.resolve(r.headers().firstValue("Location").orElseThrow(() -> new RegistryException(operation,
                        "the registry redirected blob " + digest + " to nowhere", null)));
                continue;
            }
            if (s == 404) throw new RegistryException(operation, "the registry has no blob " + digest + " although the manifest names it",
                    "push the checkpoint again");
            throw status(s, null, "getting blob " + digest);
        }
        throw new RegistryException(operation, "blob " + digest + " was redirected more than 5 times", null);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // only releasing the connection
        }
    }

    private HttpRequest.Builder request(URI uri) {
        // Until the response's headers arrive; a blob upload is sent before those, so it gets no such bound.
        return unbounded(uri).timeout(timeout);
    }

    private HttpRequest.Builder unbounded(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", "cr");
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }

    /** Sends the request; on 401, answers the registry's challenge once and sends it again. */
    private <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> build, HttpResponse.BodyHandler<T> handler, String what) {
        HttpResponse<T> r = sendOnce(build.get().build(), handler, what);
        if (r.statusCode() != 401) return r;
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        if (r.body() instanceof InputStream in) close(in);
        boolean hadAuthorization = authorization != null;
        answer(challenge, what, hadAuthorization);
        r = sendOnce(build.get().build(), handler, what);
        if (r.statusCode() == 401) {
            if (r.body() instanceof InputStream in) close(in);
            throw refused(what);
        }
        return r;
    }

    private <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw broken(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(operation, "interrupted while " + what, null, e);
        } catch (java.io.UncheckedIOException e) {
            throw broken(e.getCause(), what);
        }
    }

    private void answer(String challenge, String what, boolean hadAuthorization) {
        Optional<Credentials> creds = authFile.credentialsFor(ref.registry());
        String scheme = challenge.split(" ", 2)[0].strip();
        if (scheme.equalsIgnoreCase("Basic")) {
            if (creds.isEmpty()) throw noCredentials(what);
            if (hadAuthorization) throw refused(what);
            authorization = creds.get().basic();
        } else if (scheme.equalsIgnoreCase("Bearer")) {
            authorization = "Bearer " + token(challenge, creds, what);
        } else {
            throw new RegistryException(operation, "the registry asks for authentication of a kind cr does not speak: '"
                    + challenge + "'", "cr speaks HTTP Basic and bearer tokens");
        }
    }

    @SuppressWarnings("unchecked")
    private String token(String challenge, Optional<Credentials> creds, String what) {
        Map<String, String> params = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) params.put(m.group(1), m.group(2));
        String realm = params.get("realm");
        if (realm == null) throw new RegistryException(operation, "the registry's bearer challenge names no realm: '" + challenge + "'", null);
        if (!realm.startsWith("https://"))
            throw new RegistryException(operation, "the registry sends cr for a token to " + realm + ", which is not HTTPS: "
                    + "credentials and tokens would cross the network in the clear", "configure the registry's token realm as an https:// address");
        String scope = params.getOrDefault("scope", "repository:" + ref.repository() + ":" + (push ? "pull,push" : "pull"));
        // Ask for push as well when pushing, even when the challenge (from a HEAD) only named pull.
        if (push && scope.equals("repository:" + ref.repository() + ":pull")) scope += ",push";
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (params.containsKey("service")) q.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString())).timeout(timeout).header("User-Agent", "cr").GET();
        creds.ifPresent(c -> b.header("Authorization", c.basic()));
        HttpResponse<String> r = sendOnce(b.build(), HttpResponse.BodyHandlers.ofString(), "getting a token from " + realm);
        if (r.statusCode() == 401 || r.statusCode() == 403) throw creds.isPresent() ? refused(what) : noCredentials(what);
        if (r.statusCode() != 200) throw status(r.statusCode(), r.body(), "getting a token from " + realm);
        try {
            Map<String, Object> reply = JsonReader.object(r.body());
            Object t = reply.containsKey("token") ? reply.get("token") : reply.get("access_token");
            if (t instanceof String s && !s.isEmpty()) return s;
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new RegistryException(operation, "the token server " + realm + " answered without a token", "check the registry's auth setup");
    }

    private RegistryException noCredentials(String what) {
        String where = authFile.path().map(p -> p + " has no credentials for " + ref.registry())
                .orElse("no auth file was found (looked at " + AuthFile.usualPlaces() + ")");
        return new RegistryException(operation, ref.registry() + " asks for credentials while " + what + ", and " + where
                + (authFile.namesHelpers() ? " (it names credential helpers, which cr does not run)" : ""),
                "log in with `podman login " + ref.registry() + "` (or `docker login`), or give the file the credentials are in: authFile(file)");
    }

    private RegistryException refused(String what) {
        String who = authFile.credentialsFor(ref.registry()).map(c -> "user '" + c.user() + "' (from " + c.source() + ")").orElse("anonymous access");
        return new RegistryException(operation, ref.registry() + " refused the credentials of " + who + " while " + what,
                "check the user and password: log in again with `podman login " + ref.registry() + "`");
    }

    private RegistryException broken(Throwable e, String what) {
        String host = ref.registry();
        if (e instanceof ConnectException)
            return new RegistryException(operation, "cannot connect to " + host + " (" + e.getMessage() + ") while " + what,
                    "check that the registry runs and that " + host + " is its address; nothing was tagged", e);
        if (e instanceof SSLHandshakeException || (e != null && e.getCause() instanceof java.security.cert.CertificateException)) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("PKIX path") || why.contains("unable to find valid certification path"))
                why = "its certificate is not signed by a CA cr trusts" + (usesOwnCa ? " (the one given with caCertificate(file))" : " (the system trust store)");
            else if (why.contains("No subject alternative") || why.contains("No name matching"))
                why = "its certificate is not for " + host + " (" + e.getMessage() + ")";
            return new RegistryException(operation, "the TLS connection to " + host + " failed: " + why,
                    "if the registry uses a private CA, give its certificate: caCertificate(file); cr speaks only HTTPS", e);
        }
        if (e instanceof HttpTimeoutException)
            return new RegistryException(operation, host + " did not answer in time while " + what, "check the registry and the network", e);
        return new RegistryException(operation, "the connection to " + host + " broke while " + what + ": "
                + (e == null ? "?" : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())),
                "check that the registry still runs and try again; a push that fails tags nothing", e);
    }

    /** A status that is not the one expected, with the registry's own error code and message when it sent them. */
    private RegistryException status(int status, String body, String what) {
        String detail = "";
        if (body != null && !body.isBlank()) {
            try {
                if (JsonReader.object(body).get("errors") instanceof List<?> errors && !errors.isEmpty()
                        && errors.getFirst() instanceof Map<?, ?> first) {
                    detail = ": " + first.get("code") + " " + first.get("message");
                }
            } catch (IllegalArgumentException e) {
                detail = ": " + body.strip().lines().findFirst().orElse("");
            }
        }
        String fix = switch (status) {
            case 403 -> "the credentials lack the right for this repository; ask the registry's administrator";
            case 404 -> "check the repository name";
            case 413 -> "the registry refuses blobs this large; raise its limit";
            default -> status >= 500 ? "the registry failed; look at its log" : null;
        };
        return new RegistryException(operation, ref.registry() + " answered HTTP " + status + " while " + what + detail, fix);
    }

    /** Counts the bytes of an upload for the progress listener. */
    private static final class Counting extends FilterInputStream {
        private final String what;
        private final long total;
        private final TransferProgress progress;
        private long done;

        Counting(InputStream in, String what, long total, TransferProgress progress) {
            super(in);
            this.what = what;
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                done += n;
                progress.moved(what, done, total);
            }
            return n;
        }
    }
}
