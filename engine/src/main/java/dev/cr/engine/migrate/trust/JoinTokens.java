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

    /**
     * The tokens kept in {@code dir}.
     *
     * @param dir the directory of token hashes; created with mode 0700 on the first {@link #create}
     */
    public JoinTokens(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates a new token valid for {@code validity} and returns it; it is shown once and not stored in clear.
     *
     * @param validity how long it stays valid unused
     * @return the token, 32 URL-safe base64 characters
     * @throws MigrationException when its file cannot be written
     */
    public String create(Duration validity) {
        return create(validity, null);
    }

    /**
     * As {@link #create(Duration)}, for the one source whose client certificate has {@code source} (null: any).
     * A bound token that leaks (a shell history, a process list) is of no use to anyone else: presented with
     * another certificate it is refused and stays valid for its source.
     *
     * @param validity how long it stays valid unused
     * @param source the fingerprint of the only source that may use it; null for any
     * @return the token, 32 URL-safe base64 characters
     * @throws MigrationException when its file cannot be written
     */
    public String create(Duration validity, Fingerprint source) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve(hash(token)), Instant.now().plus(validity) + "\n"
                    + (source == null ? "" : FOR + source.hex() + "\n"));
        } catch (IOException e) {
            throw new MigrationException("creating a join token", "cannot write to " + dir + ": " + e.getMessage(),
                    "make it as the user who serves migrations, in the same identity directory", e);
        }
        return token;
    }

    private static final String FOR = "for ";

    /**
     * Uses up {@code token} presented by the source whose certificate has {@code presenter}: true when it was valid
     * for it (and is now gone); false when unknown, used, expired, or bound to another source (then it stays).
     *
     * @param token     the token the source sent
     * @param presenter the fingerprint of the certificate it presented
     * @return true when the token was valid for it and is now used up
     */
    public boolean consume(String token, Fingerprint presenter) {
        if (token == null || token.isBlank() || token.length() > 200) return false;
        Path file = dir.resolve(hash(token));
        String expiry;
        try {
            java.util.List<String> lines = Files.readAllLines(file);
            expiry = lines.isEmpty() ? "" : lines.getFirst().strip();
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (l.startsWith(FOR) && !l.substring(FOR.length()).strip().equalsIgnoreCase(presenter.hex())) return false;
            }
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
