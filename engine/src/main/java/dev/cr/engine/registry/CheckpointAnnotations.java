package dev.cr.engine.registry;

import dev.cr.engine.json.JsonReader;

import dev.cr.engine.archive.PodmanCheckpoint;
import dev.cr.engine.image.CommandLines;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.ProcessTree;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The annotations of a checkpoint image's manifest: what {@code cr inspect REF} shows without pulling a page.
 * The {@code org.criu.checkpoint.*} keys are those {@code checkpointctl build} writes (its names, its meaning);
 * {@code io.kubernetes.cri-o.annotations.checkpoint.name} is the one CRI-O looks for to restore a container from
 * an image; the {@code dev.cr.checkpoint.*} keys are cr's own.
 */
public final class CheckpointAnnotations {
    /** The tool that made the checkpoint ("cr", "Podman", "CRI-O"), as checkpointctl names the key. */
    public static final String ENGINE = "org.criu.checkpoint.engine.name";
    /** The checkpointed container's name, for a container checkpoint. */
    public static final String CONTAINER_NAME = "org.criu.checkpoint.container.name";
    /** The pod the container ran in, for a Kubernetes checkpoint. */
    public static final String POD_NAME = "org.criu.checkpoint.pod.name";
    /** The Kubernetes namespace of that pod. */
    public static final String POD_NAMESPACE = "org.criu.checkpoint.pod.namespace";
    /** The container's image as the user wrote it when creating the container. */
    public static final String ROOTFS_IMAGE_USER_REQUESTED = "org.criu.checkpoint.rootfsImageUserRequested";
    /** The container's image by full name. */
    public static final String ROOTFS_IMAGE_NAME = "org.criu.checkpoint.rootfsImageName";
    /** The container's image by id. */
    public static final String ROOTFS_IMAGE_ID = "org.criu.checkpoint.rootfsImageID";
    /** The OCI runtime that ran the container ("runc", "crun"). */
    public static final String RUNTIME_NAME = "org.criu.checkpoint.runtime.name";
    /** The version of CRIU that wrote the images, from its dump log ("4.2.1"). */
    public static final String CRIU_VERSION = "org.criu.checkpoint.criu.version";
    /** The dumping host's architecture, as {@code uname -m} prints it ("x86_64"). */
    public static final String HOST_ARCH = "org.criu.checkpoint.host.arch";
    /** The dumping host's kernel release, as {@code uname -r} prints it. */
    public static final String HOST_KERNEL = "org.criu.checkpoint.host.kernel";
    /** The container name CRI-O looks for to restore a container from this image; its presence marks a container checkpoint. */
    public static final String CRIO_CHECKPOINT_NAME = "io.kubernetes.cri-o.annotations.checkpoint.name";
    /** Podman's own annotation on the checkpoint images it makes ({@code podman container checkpoint --create-image}). */
    public static final String PODMAN_CHECKPOINT_NAME = "io.podman.annotations.checkpoint.name";
    /** When the image was made, RFC 3339 in UTC (the OCI annotation). */
    public static final String CREATED = "org.opencontainers.image.created";
    /** {@code process} (a CRIU images directory, its parent chain one layer each) or {@code container} (an archive). */
    public static final String KIND = "dev.cr.checkpoint.kind";
    /** The command line of the process tree's root, its arguments joined by spaces. */
    public static final String COMMAND = "dev.cr.checkpoint.command";
    /** How many processes the checkpoint holds, in decimal. */
    public static final String PROCESSES = "dev.cr.checkpoint.processes";
    /** The pid of the process tree's root in the dumped tree's pid namespace, in decimal. */
    public static final String ROOT_PID = "dev.cr.checkpoint.root.pid";
    /** How many image directories the chain has (1 without pre-dumps). */
    public static final String CHAIN = "dev.cr.checkpoint.chain";
    /** On a layer: where its image directory goes in the pulled tree ({@code .}, {@code parent}, {@code parent/parent}). */
    public static final String LAYER_DIR = "dev.cr.checkpoint.layer.dir";

    /** {@link #KIND} of a CRIU images directory pushed by cr (one layer per image directory of the chain). */
    public static final String KIND_PROCESS = "process";
    /** {@link #KIND} of a container engine's checkpoint archive (one layer holding the archive's content). */
    public static final String KIND_CONTAINER = "container";

    private static final Pattern VERSION = Pattern.compile("Version: (\\S+)");

    private CheckpointAnnotations() {}

    /** For a CRIU images directory (the top of its chain). */
    static Map<String, String> ofProcess(ImageDir top, int chainLength) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(KIND, KIND_PROCESS);
        a.put(ENGINE, "cr");
        criuVersion(top.path()).ifPresent(v -> a.put(CRIU_VERSION, v));
        host(a);
        a.put(CHAIN, Integer.toString(chainLength));
        if (!top.isPreDump()) {
            ProcessTree tree = top.processes();
            a.put(PROCESSES, Integer.toString(tree.size()));
            if (!tree.roots().isEmpty()) {
                ProcessTree.Process root = tree.roots().getFirst();
                a.put(ROOT_PID, Integer.toString(root.pid()));
                a.put(COMMAND, command(top, root));
            }
        }
        a.put(CREATED, now());
        return a;
    }

    /** For a Podman or CRI-O container checkpoint archive, as checkpointctl build reads its config.dump and spec.dump. */
    static Map<String, String> ofContainer(PodmanCheckpoint archive) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(KIND, KIND_CONTAINER);
        Map<String, Object> config = json(archive.configDump());
        Map<String, Object> spec = json(archive.specDump());
        Map<String, Object> specAnnotations = spec.get("annotations") instanceof Map<?, ?> m ? cast(m) : Map.of();
        String engine = specAnnotations.containsKey("io.kubernetes.cri-o.ContainerName") ? "CRI-O"
                : "libpod".equals(specAnnotations.get("io.container.manager")) ? "Podman"
                : specAnnotations.containsKey("io.kubernetes.cri.container-name") ? "containerd" : null;
        put(a, ENGINE, engine);
        String name = string(config.get("name"));
        put(a, CONTAINER_NAME, name);
        put(a, POD_NAME, string(specAnnotations.get("io.kubernetes.pod.name")));
        put(a, POD_NAMESPACE, string(specAnnotations.get("io.kubernetes.pod.namespace")));
        put(a, ROOTFS_IMAGE_USER_REQUESTED, string(config.get("rootfsImage")));
        put(a, ROOTFS_IMAGE_NAME, string(config.get("rootfsImageName")));
        put(a, ROOTFS_IMAGE_ID, string(config.containsKey("rootfsImageRef") ? config.get("rootfsImageRef") : config.get("rootfsImageID")));
        put(a, RUNTIME_NAME, string(config.get("runtime")));
        Optional<String> v = criuVersion(archive.root());
        if (v.isEmpty()) v = criuVersion(archive.imagesDir());
        v.ifPresent(x -> a.put(CRIU_VERSION, x));
        host(a);
        put(a, CRIO_CHECKPOINT_NAME, name);
        try {
            ImageDir images = ImageDir.open(archive.imagesDir());
            ProcessTree tree = images.processes();
            a.put(PROCESSES, Integer.toString(tree.size()));
            if (!tree.roots().isEmpty()) a.put(COMMAND, command(images, tree.roots().getFirst()));
        } catch (RuntimeException e) {
            // An archive whose images cr cannot read is still pushed; it just has no process annotations.
        }
        a.put(CREATED, now());
        return a;
    }

    private static String command(ImageDir dir, ProcessTree.Process p) {
        try {
            List<String> args = CommandLines.arguments(dir, p.pid());
            if (!args.isEmpty()) return String.join(" ", args);
        } catch (RuntimeException e) {
            // pages not readable (a damaged or partial dump): the task name still says what it was
        }
        return p.comm();
    }

    private static void host(Map<String, String> a) {
        a.put(HOST_ARCH, arch());
        a.put(HOST_KERNEL, System.getProperty("os.version"));
    }

    /** The architecture in the words of OCI image configurations. */
    static String arch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
    }

    /** CRIU writes its version in the first lines of its log; cr and Podman keep the dump log beside the images. */
    static Optional<String> criuVersion(Path dir) {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "dump*.log")) {
            for (Path log : logs) {
                try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
                    for (int i = 0; i < 20; i++) {
                        String line = r.readLine();
                        if (line == null) break;
                        Matcher m = VERSION.matcher(line);
                        if (m.find()) return Optional.of(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            // no log, no version
        }
        return Optional.empty();
    }

    private static Map<String, Object> json(Optional<Path> file) {
        if (file.isEmpty()) return Map.of();
        try {
            return JsonReader.object(Files.readString(file.get(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static String string(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }

    private static void put(Map<String, String> a, String key, String value) {
        if (value != null) a.put(key, value);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
