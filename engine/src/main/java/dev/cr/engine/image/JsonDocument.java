package dev.cr.engine.image;

/**
 * Reads a JSON document (a container engine's config.dump, spec.dump) with the same parser the crit-compatible
 * codec uses. Values are {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Long} or
 * {@code BigInteger}, {@code Boolean} and {@code null}; damage is an {@link ImageException} naming the file.
 */
public final class JsonDocument {
    private JsonDocument() {}

    /**
     * Parses one JSON document.
     *
     * @param text  the whole document
     * @param where the file it came from, named in errors
     * @return the value: a map for an object, a list for an array, and so on as above
     * @throws ImageException when the text is not well-formed JSON, with the offset of the problem
     */
    public static Object parse(String text, String where) {
        return JsonText.parse(text, where);
    }
}
