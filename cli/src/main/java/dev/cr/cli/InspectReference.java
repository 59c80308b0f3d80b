package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.registry.CheckpointAnnotations;
import dev.cr.engine.registry.CheckpointImage;
import dev.cr.engine.registry.Reference;
import dev.cr.engine.registry.Registry;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cr inspect REF}: a checkpoint in a registry, from its manifest and configuration only (no page is fetched). */
final class InspectReference {
    private InspectReference() {}

    static void show(Reference ref, RegistryFlags flags, boolean json, PrintWriter out, PrintWriter err) {
        CheckpointImage image = Registry.with(flags.options(err, true)).inspect(ref);
        if (json) {
            out.print(JsonWriter.INDENTED.document(toJson(image)));
        } else {
            text(image, out);
        }
        out.flush();
    }

    private static void text(CheckpointImage image, PrintWriter out) {
        out.printf("%s: %s checkpoint, %d layer%s, %s%n", image.reference(), image.kind(), image.layers().size(),
                image.layers().size() == 1 ? "" : "s", Sizes.human(image.size()));
        row(out, "command", image.annotation(CheckpointAnnotations.COMMAND).orElse(null));
        row(out, "processes", image.annotation(CheckpointAnnotations.PROCESSES).orElse(null));
        row(out, "container", image.annotation(CheckpointAnnotations.CONTAINER_NAME).orElse(null));
        row(out, "engine", image.annotation(CheckpointAnnotations.ENGINE).orElse(null));
        row(out, "criu", image.annotation(CheckpointAnnotations.CRIU_VERSION).orElse(null));
        row(out, "host", image.annotation(CheckpointAnnotations.HOST_ARCH).orElse(image.architecture())
                + image.annotation(CheckpointAnnotations.HOST_KERNEL).map(k -> ", kernel " + k).orElse(""));
        row(out, "created", image.annotation(CheckpointAnnotations.CREATED).orElse(null));
        out.println("layers (oldest first):");
        for (CheckpointImage.LayerInfo l : image.layers())
            out.printf("  %s %10s  %s%n", l.digest(), Sizes.human(l.size()), l.dir());
        out.println("annotations:");
        image.annotations().forEach((k, v) -> out.printf("  %s=%s%n", k, v));
    }

    private static void row(PrintWriter out, String name, String value) {
        if (value != null && !value.isEmpty()) out.printf("  %-10s %s%n", name, value);
    }

    private static Map<String, Object> toJson(CheckpointImage image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", image.reference().toString());
        m.put("digest", image.reference().digest());
        m.put("kind", image.kind());
        m.put("architecture", image.architecture());
        m.put("os", image.os());
        m.put("size", image.size());
        List<Object> layers = new ArrayList<>();
        for (CheckpointImage.LayerInfo l : image.layers()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("digest", l.digest());
            lm.put("size", l.size());
            lm.put("media_type", l.mediaType());
            lm.put("dir", l.dir());
            layers.add(lm);
        }
        m.put("layers", layers);
        m.put("annotations", new LinkedHashMap<>(image.annotations()));
        return m;
    }
}
