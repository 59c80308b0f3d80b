package dev.cr.engine.registry;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.json.JsonReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCI image manifest: the configuration blob, the layers oldest first, the annotations. Written by cr with
 * its members in a fixed order (so the same checkpoint gives the same bytes); read from any tool that writes
 * OCI or Docker v2 manifests.
 */
record ImageManifest(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

    record Descriptor(String mediaType, String digest, long size, Map<String, String> annotations) {}

    byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2L);
        m.put("mediaType", Distribution.OCI_MANIFEST);
        m.put("config", descriptor(config));
        List<Object> ls = new ArrayList<>();
        for (Descriptor d : layers) ls.add(descriptor(d));
        m.put("layers", ls);
        if (!annotations.isEmpty()) m.put("annotations", new LinkedHashMap<>(annotations));
        return JsonWriter.COMPACT.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> descriptor(Descriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", d.mediaType());
        m.put("digest", d.digest());
        m.put("size", d.size());
        if (!d.annotations().isEmpty()) m.put("annotations", new LinkedHashMap<>(d.annotations()));
        return m;
    }

    /** Reads a manifest, or throws IllegalArgumentException saying what is missing. */
    static ImageManifest decode(byte[] body) {
        Map<String, Object> m = JsonReader.object(new String(body, StandardCharsets.UTF_8));
        if (!(m.get("config") instanceof Map<?, ?> c)) throw new IllegalArgumentException("the manifest has no config");
        List<Descriptor> layers = new ArrayList<>();
        if (m.get("layers") instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> d)) throw new IllegalArgumentException("a layer is not an object");
                layers.add(descriptor(d));
            }
        }
        return new ImageManifest(descriptor(c), layers, strings(m.get("annotations")));
    }

    private static Descriptor descriptor(Map<?, ?> d) {
        if (!(d.get("digest") instanceof String digest)) throw new IllegalArgumentException("a descriptor has no digest");
        Digest.parse(digest);
        if (!(d.get("size") instanceof Long size) || size < 0) throw new IllegalArgumentException("a descriptor has no size");
        String type = d.get("mediaType") instanceof String t ? t : "";
        return new Descriptor(type, digest, size, strings(d.get("annotations")));
    }

    static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) if (e.getValue() instanceof String s) out.put(String.valueOf(e.getKey()), s);
        }
        return out;
    }

    /** From an index (a manifest list), the digest of the manifest for linux on {@code arch}, else the first. */
    static String pick(byte[] index, String arch) {
        Map<String, Object> m = JsonReader.object(new String(index, StandardCharsets.UTF_8));
        if (!(m.get("manifests") instanceof List<?> list) || list.isEmpty())
            throw new IllegalArgumentException("the index lists no manifest");
        String first = null;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> d) || !(d.get("digest") instanceof String digest)) continue;
            if (first == null) first = digest;
            if (d.get("platform") instanceof Map<?, ?> p && arch.equals(p.get("architecture")) && "linux".equals(p.get("os")))
                return Digest.parse(digest);
        }
        if (first == null) throw new IllegalArgumentException("the index lists no manifest with a digest");
        return Digest.parse(first);
    }
}
