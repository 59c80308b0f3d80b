package dev.cr.engine.registry;

import dev.cr.engine.json.JsonReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from a file in the format {@code podman login} and {@code docker login} write:
 * {@code {"auths": {"HOST[:PORT]": {"auth": base64("user:password")}}}}. Credentials are read from files only,
 * never from the command line, where other users of the machine could read them in the process list.
 *
 * <p>Without an explicit file, the places the container tools use are tried in their order:
 * {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
 * {@code ~/.config/containers/auth.json}, {@code ~/.docker/config.json}. The first that exists is used.
 * Credential helpers ({@code credsStore}, {@code credHelpers}) are not run.
 */
public final class AuthFile {
    private final Path path;
    private final Map<String, Object> auths;
    private final boolean helpers;

    private AuthFile(Path path, Map<String, Object> auths, boolean helpers) {
        this.path = path;
        this.auths = auths;
        this.helpers = helpers;
    }

    /** No file: no credentials (anonymous access). */
    static AuthFile none() {
        return new AuthFile(null, Map.of(), false);
    }

    /**
     * The file at {@code explicit}, which must exist; or, when null, the first of the usual places that exists.
     *
     * @param explicit the file the user named, or null to look in the usual places ({@code $REGISTRY_AUTH_FILE}, {@code
     *     $XDG_RUNTIME_DIR/containers/auth.json}, {@code ~/.docker/config.json}...)
     * @return the file read; without any file, one that gives no credentials (anonymous access)
     * @throws RegistryException when {@code explicit} does not exist or a file cannot be read as JSON
     */
    public static AuthFile find(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit))
                throw new RegistryException("reading the registry auth file", explicit + " does not exist",
                        "give the file that `podman login --authfile FILE` or `docker login` wrote");
            return read(explicit);
        }
        for (Path p : usualPlaces()) {
            if (Files.isRegularFile(p)) return read(p);
        }
        return none();
    }

    static List<Path> usualPlaces() {
        List<Path> places = new ArrayList<>();
        String env = System.getenv("REGISTRY_AUTH_FILE");
        if (env != null && !env.isBlank()) places.add(Path.of(env));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) places.add(Path.of(xdg, "containers", "auth.json"));
        String home = System.getProperty("user.home");
        places.add(Path.of(home, ".config", "containers", "auth.json"));
        places.add(Path.of(home, ".docker", "config.json"));
        return places;
    }

    @SuppressWarnings("unchecked")
    static AuthFile read(Path file) {
        String op = "reading the registry auth file " + file;
        Map<String, Object> top;
        try {
            top = JsonReader.object(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException(op, "cannot read it: " + e.getMessage(), "check its permissions", e);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(op, "it is not JSON: " + e.getMessage(),
                    "write it with `podman login` or `docker login`, or fix it by hand", e);
        }
        Object a = top.get("auths");
        Map<String, Object> auths = a instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        boolean helpers = top.containsKey("credsStore") || top.containsKey("credHelpers");
        return new AuthFile(file, auths, helpers);
    }

    /** {@return the file read, when there was one} */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Whether the file names credential helpers (which cr does not run), for the message when nothing matched. */
    boolean namesHelpers() {
        return helpers;
    }

    /**
     * The credentials for {@code registry} (host and port as written in the reference). Keys are matched as the
     * container tools write them: {@code host:port}, or a URL such as {@code https://host:port/v1/}.
     *
     * @param registry the host and port as written in the reference
     * @return the user and password; empty when the file has none for that registry
     */
    public Optional<Credentials> credentialsFor(String registry) {
        for (var e : auths.entrySet()) {
            if (!registry.equals(hostOf(e.getKey()))) continue;
            if (!(e.getValue() instanceof Map<?, ?> entry)) continue;
            String user = null, password = null;
            if (entry.get("auth") instanceof String enc && !enc.isEmpty()) {
                String plain;
                try {
                    plain = new String(Base64.getDecoder().decode(enc.strip()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException x) {
                    throw new RegistryException("reading the registry auth file " + path,
                            "the \"auth\" of " + e.getKey() + " is not base64", "log in again with `podman login " + registry + "`");
                }
                int colon = plain.indexOf(':');
                if (colon < 0)
                    throw new RegistryException("reading the registry auth file " + path,
                            "the \"auth\" of " + e.getKey() + " is not base64 of user:password", "log in again with `podman login " + registry + "`");
                user = plain.substring(0, colon);
                password = plain.substring(colon + 1);
            } else if (entry.get("username") instanceof String u && entry.get("password") instanceof String p) {
                user = u;
                password = p;
            }
            if (user != null) return Optional.of(new Credentials(user, password, path));
        }
        return Optional.empty();
    }

    /** "https://host:port/v1/" and "host:port" both name host:port. */
    private static String hostOf(String key) {
        String k = key;
        int scheme = k.indexOf("://");
        if (scheme >= 0) k = k.substring(scheme + 3);
        int slash = k.indexOf('/');
        if (slash >= 0) k = k.substring(0, slash);
        return k;
    }
}
