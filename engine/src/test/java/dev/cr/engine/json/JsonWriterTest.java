package dev.cr.engine.json;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The three layouts of the one JSON writer, each against the exact text its readers depend on: a registry hashes
 * the compact bytes of a manifest, crit's JSON is compared byte for byte with crit (CritCompatibilityTest covers it
 * on real images), and scripts read the indented --json output.
 */
class JsonWriterTest {
    private static Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "caf\u00e9 \"q\" \\ \n\t\b\u0001");
        m.put("size", 4096L);
        m.put("big", new BigInteger("18446744073709551615"));
        m.put("ok", true);
        m.put("none", null);
        m.put("ids", List.of(1L, 2L, 3L));
        m.put("empty", Map.of());
        m.put("layers", List.of(Map.of("digest", "sha256:ab"), List.of()));
        return m;
    }

    @Test
    void compactIsOneLineWithoutSpacesAndKeepsUtf8() {
        assertEquals("{\"name\":\"caf\u00e9 \\\"q\\\" \\\\ \\n\\t\\b\\u0001\",\"size\":4096,\"big\":18446744073709551615,"
                + "\"ok\":true,\"none\":null,\"ids\":[1,2,3],\"empty\":{},\"layers\":[{\"digest\":\"sha256:ab\"},[]]}",
                JsonWriter.COMPACT.write(sample()));
    }

    @Test
    void pythonLayoutIsJsonDumpsWithAndWithoutIndent() {
        // json.dumps(sample) and json.dumps(sample, indent=2) in Python 3
        assertEquals("{\"name\": \"caf\\u00e9 \\\"q\\\" \\\\ \\n\\t\\b\\u0001\", \"size\": 4096, \"big\": 18446744073709551615, "
                + "\"ok\": true, \"none\": null, \"ids\": [1, 2, 3], \"empty\": {}, \"layers\": [{\"digest\": \"sha256:ab\"}, []]}",
                JsonWriter.python(0).write(sample()));
        assertEquals("""
                {
                  "ids": [
                    1,
                    2
                  ],
                  "e": "\\u007f"
                }""", JsonWriter.python(2).write(ordered("ids", List.of(1, 2), "e", "\u007f")));
    }

    @Test
    void indentedKeepsShortListsOnOneLineAndEndsADocumentWithANewline() {
        Map<String, Object> doc = ordered("pid", 1, "args", List.of("sh", "-c"), "files",
                List.of(ordered("fd", "0", "path", Path.of("/dev/null"))), "none", List.of());
        assertEquals("""
                {
                  "pid": 1,
                  "args": ["sh", "-c"],
                  "files": [
                    {
                      "fd": "0",
                      "path": "/dev/null"
                    }
                  ],
                  "none": []
                }
                """, JsonWriter.INDENTED.document(doc));
    }

    @Test
    void whatIsWrittenReadsBack() {
        for (JsonWriter w : List.of(JsonWriter.COMPACT, JsonWriter.INDENTED, JsonWriter.python(0), JsonWriter.python(4)))
            assertEquals(sample(), JsonReader.parse(w.write(sample())), w.toString());
    }

    @Test
    void malformedTextSaysWhereAndWhat() {
        JsonReader.Malformed e = assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("{\"a\": [1, 2}"));
        assertEquals(11, e.offset());
        assertEquals("',' or ']' in an array", e.expected());
        assertEquals("'}'", e.found());
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.object("[1]"));
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("[".repeat(JsonReader.MAX_DEPTH + 2)));
        // a huge number is refused before BigInteger spends quadratic time on it; the longest allowed one is read
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("[" + "9".repeat(1_000_000) + "]"));
        assertEquals(java.math.BigInteger.TEN.pow(JsonReader.MAX_NUMBER_CHARS - 1),
                JsonReader.parse("1" + "0".repeat(JsonReader.MAX_NUMBER_CHARS - 1)));
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("{} x"));
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
