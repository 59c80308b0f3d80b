package dev.cr.engine.archive;

import dev.cr.engine.image.JsonDocument;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a container engine wrote about the container beside its checkpoint: from {@code config.dump} the id, name,
 * image and times, from {@code spec.dump} the engine (its annotations say which) and the command. Fields an engine
 * did not write are empty strings.
 *
 * @param engine       "Podman", "CRI-O" or "containerd", guessed from spec.dump's annotations and config.dump's keys
 * @param id           the container's id
 * @param name         the container's name
 * @param image        the image the container ran, as the engine named it
 * @param runtime      the OCI runtime that ran it ("runc", "crun")
 * @param created      when the container was created, as the engine wrote it (RFC 3339 text)
 * @param checkpointed when it was checkpointed, as the engine wrote it
 * @param command      the container process's arguments, joined by spaces
 */
public record ContainerMetadata(String engine, String id, String name, String image, String runtime,
                                String created, String checkpointed, String command) {

    /**
     * Reads the metadata of a container archive, when it has a config.dump or spec.dump.
     *
     * @param archive an open archive
     * @return the metadata; empty when the archive holds neither file (a cr archive)
     * @throws dev.cr.engine.image.ImageException when one of the files is not well-formed JSON
     */
    public static Optional<ContainerMetadata> of(ArchivedCheckpoint archive) {
        Optional<byte[]> config = archive.configDump(), spec = archive.specDump();
        if (config.isEmpty() && spec.isEmpty()) return Optional.empty();
        Map<?, ?> c = config.map(b -> object(b, archive + ":config.dump")).orElse(Map.of());
        Map<?, ?> s = spec.map(b -> object(b, archive + ":spec.dump")).orElse(Map.of());
        Map<?, ?> annotations = s.get("annotations") instanceof Map<?, ?> a ? a : Map.of();
        String engine;
        if (annotations.keySet().stream().anyMatch(k -> k.toString().startsWith("io.kubernetes.cri-o."))) engine = "CRI-O";
        else if ("libpod".equals(annotations.get("io.container.manager")) || c.containsKey("rootfsImageName")) engine = "Podman";
        else engine = "containerd";
        String command = "";
        if (s.get("process") instanceof Map<?, ?> p && p.get("args") instanceof java.util.List<?> args) {
            command = String.join(" ", args.stream().map(Object::toString).toList());
        }
        return Optional.of(new ContainerMetadata(engine, text(c, "id"), text(c, "name"),
                first(text(c, "rootfsImageName"), text(c, "rootfsImage"), text(c, "image")), text(c, "ociRuntime", "runtime"),
                first(text(c, "createdTime"), text(c, "created")), text(c, "checkpointedTime"), command));
    }

    private static Map<?, ?> object(byte[] b, String where) {
        return JsonDocument.parse(new String(b, StandardCharsets.UTF_8), where) instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(Map<?, ?> m, String... keys) {
        for (String k : keys) {
            Object v = m.get(k);
            if (v instanceof Map<?, ?> sub && sub.get("name") != null) return sub.get("name").toString();
            if (v != null && !(v instanceof Map) && !(v instanceof java.util.List)) return v.toString();
        }
        return "";
    }

    private static String first(String... values) {
        for (String v : values) if (!v.isEmpty()) return v;
        return "";
    }
}
