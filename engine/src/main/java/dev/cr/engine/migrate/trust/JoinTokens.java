package dev.cr.engine.migrate.trust;

import dev.cr.engine.migrate.MigrationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One-time join tokens of a target: a source that presents a valid one becomes trusted (its client certificate
 * is remembered) and the token is used up. Only the SHA-256 of each token is stored, one file per token, so a
 * copy of the state directory does not leak usable tokens; using a token deletes its file, and a delete either
 * succeeds once or fails, which makes "a token works once" hold even with concurrent connections.
 */
public final class JoinTokens {
    /** How long a token stays valid when not used. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public JoinTokens(Path dir) {
        this.dir = dir;
    }

    /** Creates a new token valid for {@code validity} and returns it; it is shown once and not stored in clear. */
    public String create(Duration validity) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(hash(token)), Instant.now().plus(validity).toString());
        } catch (IOException e) {
            throw new MigrationException("creating a join token", "cannot write to " + dir + ": " + e.getMessage(),
                    "run it as the user who runs cr serve, with the same --dir", e);
        }
        return token;
    }

    /** Uses up {@code token}: true when it was valid (and is now gone), false when unknown, used or expired. */
    public boolean consume(String token) {
        if (token == null || token.isBlank() || token.length() > 200) return false;
        Path file = dir.resolve(hash(token));
        String expiry;
        try {
            expiry = Files.readString(file).strip();
            Files.delete(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
        try {
            return Instant.now().isBefore(Instant.parse(expiry));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
