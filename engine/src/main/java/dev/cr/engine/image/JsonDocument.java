package dev.cr.engine.image;

/**
 * Reads a JSON document (a container engine's config.dump, spec.dump) with the same parser the crit-compatible
 * codec uses. Values are {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Long} or
 * {@code BigInteger}, {@code Boolean} and {@code null}; damage is an {@link ImageException} naming the file.
 */
public final class JsonDocument {
    private JsonDocument() {}

    public static Object parse(String text, String where) {
        return JsonText.parse(text, where);
    }
}
