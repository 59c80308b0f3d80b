package dev.cr.engine.registry;

import java.util.regex.Pattern;

/**
 * Where a checkpoint lives in a registry: {@code HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX]}, as container tools
 * write image references. The host is required (cr does not guess a default registry: a checkpoint holds a
 * process's memory, and sending it to a registry the user did not name would be a leak), so the first component
 * must look like a host: it has a dot or a port, or is {@code localhost}. Without a tag or digest the tag is
 * {@code latest}.
 *
 * @param registry   host and optional port, as written ({@code 127.0.0.1:5000}, {@code quay.io})
 * @param repository the repository path ({@code team/app})
 * @param tag        the tag, or null when only a digest was given
 * @param digest     the manifest digest ({@code sha256:...}), or null
 */
public record Reference(String registry, String repository, String tag, String digest) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile("(?:\\[[0-9a-fA-F:]+]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?");

    /**
     * A reference as given, with "latest" for a missing tag and digest.
     *
     * @param registry   the registry's host and port
     * @param repository the repository path
     * @param tag        the tag, or null; when both tag and digest are null the tag is "latest"
     * @param digest     the manifest digest, or null
     * @throws IllegalArgumentException when {@code digest} is not {@code sha256:} and 64 hex digits
     */
    public Reference {
        if (tag == null && digest == null) tag = "latest";
        if (digest != null) Digest.parse(digest);
    }

    /**
     * Parses a reference, or throws IllegalArgumentException saying what is wrong with it.
     *
     * @param text {@code HOST[:PORT]/REPOSITORY[:TAG][@DIGEST]}, such as {@code localhost:5000/app:v1}; the host must
     *     hold a dot or a port or be {@code localhost}, as there is no default registry
     * @return the reference; the tag is "latest" when neither tag nor digest is given
     * @throws IllegalArgumentException when the text is not a reference, saying what is wrong with it
     */
    public static Reference parse(String text) {
        String rest = text.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            try {
                Digest.parse(digest);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
            }
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || !looksLikeHost(rest.substring(0, slash)))
            throw new IllegalArgumentException("'" + text + "' does not name a registry: write HOST[:PORT]/REPOSITORY[:TAG], "
                    + "for example registry.example.com/checkpoints/app:v1 or localhost:5000/app");
        String host = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        String tag = null;
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            tag = path.substring(colon + 1);
            path = path.substring(0, colon);
            if (!TAG.matcher(tag).matches())
                throw new IllegalArgumentException("'" + text + "': the tag '" + tag + "' may hold only letters, digits, '_', '.' and '-' (at most 128)");
        }
        if (path.isEmpty()) throw new IllegalArgumentException("'" + text + "' has no repository after the registry");
        for (String c : path.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches())
                throw new IllegalArgumentException("'" + text + "': the repository component '" + c
                        + "' must be lower-case letters and digits, separated by '.', '_' or '-'");
        }
        if (!HOST.matcher(host).matches()) throw new IllegalArgumentException("'" + text + "': '" + host + "' is not a host name");
        return new Reference(host, path, tag, digest);
    }

    /**
     * Whether {@code text} reads as a registry reference rather than a local path (for commands that take both).
     *
     * @param text what the user wrote
     * @return true when its first component looks like a host (a dot, a port or {@code localhost}) and it is not an
     *     absolute or relative path
     */
    public static boolean looksLikeReference(String text) {
        if (text.startsWith("/") || text.startsWith(".")) return false;
        int slash = text.indexOf('/');
        return slash > 0 && looksLikeHost(text.substring(0, slash));
    }

    private static boolean looksLikeHost(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /** {@return the tag or digest the registry is asked for} */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /**
     * The same repository at another digest (what a pull resolved a tag to).
     *
     * @param d the manifest digest, {@code sha256:} and 64 hex digits
     * @return a new reference keeping the tag
     */
    public Reference withDigest(String d) {
        return new Reference(registry, repository, tag, d);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
