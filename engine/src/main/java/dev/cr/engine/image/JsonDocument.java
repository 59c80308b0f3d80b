package dev.cr.engine.image;

import dev.cr.engine.json.JsonReader;

/**
 * Reads a JSON document (crit JSON to encode, a container engine's config.dump, spec.dump). Values are
 * {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Long} or {@code BigInteger},
 * {@code Boolean} and {@code null}; damage is an {@link ImageException} naming the file and the offset.
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
    public static Object parse(CharSequence text, String where) {
        try {
            return JsonReader.parse(text);
        } catch (JsonReader.Malformed e) {
            throw new ImageException("encode of " + where, where, e.offset(), e.expected() + " (offset counts JSON characters)",
                    e.found(), "correct the JSON text there (is it complete?)", null);
        }
    }
}
