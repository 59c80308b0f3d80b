package dev.cr.engine.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A user name and password for one registry, and the auth file they came from (for messages). The password
 * never appears in {@link #toString()}.
 *
 * @param user     the user name
 * @param password the password or token, in clear
 * @param source   the auth file they were read from
 */
public record Credentials(String user, String password, Path source) {
    /** The value of an HTTP Basic {@code Authorization} header. */
    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", from " + source + "]";
    }
}
