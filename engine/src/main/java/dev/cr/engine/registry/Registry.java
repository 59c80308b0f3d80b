package dev.cr.engine.registry;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.json.JsonReader;

import dev.cr.engine.CrException;
import dev.cr.engine.archive.ArchiveException;
import dev.cr.engine.archive.CheckpointArchive;
import dev.cr.engine.archive.Compression;
import dev.cr.engine.archive.PodmanCheckpoint;
import dev.cr.engine.archive.SafeExtraction;
import dev.cr.engine.archive.StagingDir;
import dev.cr.engine.image.ImageDir;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checkpoints as OCI images in a registry: push a checkpoint directory (with its pre-dump chain, one layer per
 * image directory) or a cr, Podman or CRI-O archive; pull one back into a directory; describe one from its
 * manifest alone. The library entry point for managers; {@code cr push}, {@code cr pull}, {@code cr inspect REF}
 * and {@code cr restore --from REF} are built on it.
 *
 * <p>A push uploads the layers and the configuration first and puts the manifest (the tag) last, so a push that
 * fails at any point leaves the tag as it was. A pull checks every blob against its digest and extracts by the
 * rules of {@code cr unpack} into a directory beside the target that is renamed into place only when all checked
 * out: a pull that fails leaves nothing at the target.
 */
public final class Registry {
    private final RegistryOptions options;

    private Registry(RegistryOptions options) {
        this.options = options;
    }

    /**
     * A registry client with these options.
     *
     * @param options how to reach registries
     * @return a client; it holds no connection between calls, and several threads may use it
     */
    public static Registry with(RegistryOptions options) {
        return new Registry(options);
    }

    // ---- push

    /**
     * Pushes {@code source} to {@code ref}'s tag. A directory is a CRIU images directory; when it links a parent
     * (a pre-dump chain) {@code withParents} must be set, and each image directory of the chain becomes its own
     * layer. A file is an archive: one made by {@code cr pack} (pushed like the directory it holds), or a Podman or
     * CRI-O checkpoint archive (pushed as one layer holding the archive's content, as checkpointctl build does).
     *
     * @param source a CRIU images directory, or an archive file
     * @param ref    where to push; it must have a tag
     * @param withParents push a pre-dump chain's parents, one layer each; required when {@code source} links a parent
     * @return the pushed manifest's digest, the layers sent and skipped, the bytes and time
     * @throws RegistryException when the source is not a checkpoint, the registry cannot be reached or refuses the
     *     credentials or the content
     */
    public PushResult push(Path source, Reference ref, boolean withParents) {
        String op = "push of " + source + " to " + ref;
        long start = System.nanoTime();
        if (ref.tag() == null) throw new RegistryException(op, "a push needs a tag, not only a digest", "write REPOSITORY:TAG");
        Path work = tempDir("cr-push-", op);
        try {
            Built built;
            if (Files.isDirectory(source)) {
                built = fromImageDir(source, withParents, work, true, op);
            } else if (Files.isRegularFile(source)) {
                built = fromArchive(source, work, op);
            } else {
                throw new RegistryException(op, source + " does not exist", "give a checkpoint directory or archive");
            }
            return upload(built, ref, op, start, work);
        } finally {
            StagingDir.remove(work);
        }
    }

    /** Layers (oldest first) and the annotations of an image about to be pushed. */
    private record Built(List<Planned> layers, List<String> dirs, Map<String, String> annotations) {}

    /**
     * One layer to push: built already, or known from the layer cache (then built only if the registry lacks it).
     * {@code source} is the image directory (null for an archive's layer, which is always built).
     */
    private static final class Planned {
        final Path source;
        final String key;
        final LayerCache.Entry cached;
        Layer built;

        Planned(Path source, String key, LayerCache.Entry cached, Layer built) {
            this.source = source;
            this.key = key;
            this.cached = cached;
            this.built = built;
        }

        String digest() { return built != null ? built.digest() : cached.digest(); }
        long size() { return built != null ? built.size() : cached.size(); }
        String diffId() { return built != null ? built.diffId() : cached.diffId(); }
    }

    private LayerCache cache() {
        return new LayerCache(options.layerCache() != null ? options.layerCache() : LayerCache.defaultDir());
    }

    private Built fromImageDir(Path dir, boolean withParents, Path work, boolean useCache, String op) {
        ImageDir top = ImageDir.open(dir);
        List<ImageDir> chain = new ArrayList<>();
        for (ImageDir d = top; d != null; d = d.parent().orElse(null)) chain.add(d);
        if (chain.size() > 1 && !withParents)
            throw new RegistryException(op, dir + " is an incremental checkpoint: its 'parent' link points to "
                    + chain.get(1).path() + ", which the image would not contain",
                    "push with withParents(true) to push the parent chain too (each image directory is a layer of its own)");
        List<Planned> layers = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        LayerCache cache = cache();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Path d = chain.get(i).path();
            String key = useCache ? cache.key(d).orElse(null) : null;
            LayerCache.Entry known = key == null ? null : cache.get(key).orElse(null);
            Layer built = null;
            if (known == null) {
                built = Layer.ofImageDir(d, work.resolve("layer-" + i), op);
                if (key != null) cache.put(key, built);
            }
            layers.add(new Planned(d, key, known, built));
            dirs.add(i == 0 ? "." : String.join("/", java.util.Collections.nCopies(i, ImageDir.PARENT_LINK)));
        }
        return new Built(layers, dirs, CheckpointAnnotations.ofProcess(top, chain.size()));
    }

    private Built fromArchive(Path archive, Path work, String op) {
        if (isContainerArchive(archive, op)) {
            Map<String, String> annotations;
            try (PodmanCheckpoint cp = PodmanCheckpoint.open(archive)) {
                annotations = CheckpointAnnotations.ofContainer(cp);
            }
            Layer layer;
            try (InputStream in = Compression.decompress(Files.newInputStream(archive))) {
                layer = Layer.ofTar(in, work.resolve("layer-0"), op);
            } catch (IOException e) {
                throw new RegistryException(op, "cannot read " + archive + ": " + e.getMessage(), null, e);
            }
            return new Built(List.of(new Planned(null, null, null, layer)), List.of("."), annotations);
        }
        Path unpacked = work.resolve("unpacked");
        CheckpointArchive.unpack(archive, unpacked);
        // Not through the layer cache: the unpacked directory is new every time, so its key would never match again.
        return fromImageDir(unpacked, true, work, false, op);
    }

    /** Podman's and CRI-O's archives put the images under checkpoint/ beside their own files; cr pack's hold images at the top. */
    private static boolean isContainerArchive(Path archive, String op) {
        Set<String> sideFiles = Set.of("config.dump", "spec.dump", "network.status", "rootfs-diff.tar", "deleted.files",
                "dump.log", "pod.options", "pod.dump", "devshm-checkpoint.tar");
        // Only headers are read here, up to the first file: a cap keeps a crafted header (a GNU long name or PAX
        // record, which the tar reader reads whole into memory) from costing more than a glance.
        try (InputStream in = new PeekLimit(Compression.decompress(Files.newInputStream(archive)), PEEK_LIMIT)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (name.startsWith("checkpoint/") || sideFiles.contains(name)) return true;
                if (e.isFile()) return false;
            }
            return false;
        } catch (IOException e) {
            throw new RegistryException(op, archive + " is not a readable tar archive: " + e.getMessage(),
                    "give a checkpoint directory, a checkpoint archive cr packed, or a Podman/CRI-O checkpoint archive", e);
        }
    }

    /** How many decompressed bytes the look at an archive's first entries may read. */
    static final int PEEK_LIMIT = 1 << 20;

    /** Ends the stream with an IOException once {@code limit} bytes were read. */
    private static final class PeekLimit extends FilterInputStream {
        private long left;

        PeekLimit(InputStream in, long limit) {
            super(in);
            left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) throw new IOException("its first entries take more than " + PEEK_LIMIT + " bytes of headers");
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192)));
        }
    }

    private PushResult upload(Built built, Reference ref, String op, long start, Path work) {
        Distribution registry = new Distribution(ref, options, op, true);
        TransferProgress progress = options.progress();
        List<ImageManifest.Descriptor> descriptors = new ArrayList<>();
        List<Object> diffIds = new ArrayList<>();
        int sent = 0, builtCount = 0;
        long bytesSent = 0, bytesReused = 0;
        int n = built.layers().size();
        for (int i = 0; i < n; i++) {
            Planned layer = built.layers().get(i);
            if (layer.built != null) builtCount++;
            String what = "layer " + (i + 1) + "/" + n + " (" + built.dirs().get(i) + ") " + layer.digest().substring(7, 19);
            if (registry.hasBlob(layer.digest())) {
                progress.skipped(what, layer.size());
                bytesReused += layer.size();
            } else {
                if (layer.built == null) {
                    // Known from the cache but not in this registry: make it now (the same bytes, by construction).
                    // Its own name: "layer-N" files of this push are numbered from the top of the chain.
                    layer.built = Layer.ofImageDir(layer.source, work.resolve("rebuilt-" + i), op);
                    builtCount++;
                    cache().put(layer.key, layer.built);
                    what = "layer " + (i + 1) + "/" + n + " (" + built.dirs().get(i) + ") " + layer.digest().substring(7, 19);
                }
                registry.uploadBlob(layer.digest(), layer.built.file(), layer.size(), what, progress);
                sent++;
                bytesSent += layer.size();
            }
            descriptors.add(new ImageManifest.Descriptor(Layer.MEDIA_TYPE, layer.digest(), layer.size(),
                    Map.of(CheckpointAnnotations.LAYER_DIR, built.dirs().get(i))));
            diffIds.add(layer.diffId());
        }
        byte[] config = config(built.annotations(), diffIds);
        String configDigest = Digest.of(config);
        if (!registry.hasBlob(configDigest)) {
            Path file = work.resolve("config.json");
            try {
                Files.write(file, config);
            } catch (IOException e) {
                throw new RegistryException(op, "cannot write " + file + ": " + e.getMessage(), null, e);
            }
            registry.uploadBlob(configDigest, file, config.length, "config", TransferProgress.NONE);
            bytesSent += config.length;
        }
        byte[] manifest = new ImageManifest(new ImageManifest.Descriptor(ImageManifest.CONFIG_TYPE, configDigest, config.length, Map.of()),
                descriptors, built.annotations()).encode();
        // Last: until this succeeds the tag is untouched, whatever happened to the blobs.
        registry.putManifest(ref.tag(), manifest, Distribution.OCI_MANIFEST);
        bytesSent += manifest.length;
        return new PushResult(ref.withDigest(Digest.of(manifest)), n, sent, bytesSent, bytesReused,
                Duration.ofNanos(System.nanoTime() - start), builtCount);
    }

    /** The image configuration: a real one (platform, diff_ids), so container tools accept the image as an image. */
    private static byte[] config(Map<String, String> annotations, List<Object> diffIds) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("created", annotations.getOrDefault(CheckpointAnnotations.CREATED, "1970-01-01T00:00:00Z"));
        c.put("architecture", CheckpointAnnotations.arch());
        c.put("os", "linux");
        c.put("config", Map.of("Labels", new LinkedHashMap<>(annotations)));
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);
        c.put("rootfs", rootfs);
        return JsonWriter.COMPACT.write(c).getBytes(StandardCharsets.UTF_8);
    }

    // ---- inspect

    /**
     * Describes the checkpoint at {@code ref} from its manifest and configuration; no layer is fetched.
     *
     * @param ref the image; a tag is resolved to a digest, an image index to the manifest for this host's architecture
     * @return the image's description
     * @throws RegistryException when the registry cannot be reached, the image is missing, or its manifest or
     *     configuration cannot be read
     */
    public CheckpointImage inspect(Reference ref) {
        String op = "inspect of " + ref;
        Distribution registry = new Distribution(ref, options, op, false);
        Resolved r = resolve(registry, ref, op);
        String arch = "", os = "";
        try (InputStream in = verified(registry.blob(r.manifest().config().digest()), r.manifest().config(), "config", op)) {
            byte[] body = in.readNBytes(Distribution.MAX_MANIFEST);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            Map<String, Object> c = JsonReader.object(new String(body, StandardCharsets.UTF_8));
            arch = c.get("architecture") instanceof String s ? s : "";
            os = c.get("os") instanceof String s ? s : "";
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException(op, "the image configuration cannot be read: " + e.getMessage(), null, e);
        }
        List<CheckpointImage.LayerInfo> layers = new ArrayList<>();
        for (ImageManifest.Descriptor d : r.manifest().layers())
            layers.add(new CheckpointImage.LayerInfo(d.digest(), d.size(), d.mediaType(),
                    d.annotations().getOrDefault(CheckpointAnnotations.LAYER_DIR, ".")));
        return new CheckpointImage(r.reference(), kind(r.manifest().annotations()), r.manifest().annotations(), layers, arch, os);
    }

    private record Resolved(Reference reference, ImageManifest manifest) {}

    private Resolved resolve(Distribution registry, Reference ref, String op) {
        Distribution.Fetched f = registry.manifest(ref.reference());
        if (f.mediaType().equals(Distribution.OCI_INDEX) || f.mediaType().equals(Distribution.DOCKER_LIST)) {
            String digest;
            try {
                digest = ImageManifest.pick(f.body(), CheckpointAnnotations.arch());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(op, "the image index cannot be read: " + e.getMessage(), null, e);
            }
            f = registry.manifest(digest);
        }
        try {
            return new Resolved(ref.withDigest(f.digest()), ImageManifest.decode(f.body()));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(op, "the manifest cannot be read: " + e.getMessage(), "this is not an OCI image", e);
        }
    }

    private static String kind(Map<String, String> annotations) {
        String k = annotations.get(CheckpointAnnotations.KIND);
        // Only the two kinds cr knows how to lay out; any other word is not taken at face value.
        if (CheckpointAnnotations.KIND_PROCESS.equals(k) || CheckpointAnnotations.KIND_CONTAINER.equals(k)) return k;
        if (k != null) return "unknown";
        if (annotations.containsKey(CheckpointAnnotations.CRIO_CHECKPOINT_NAME)
                || annotations.containsKey(CheckpointAnnotations.PODMAN_CHECKPOINT_NAME)
                || annotations.keySet().stream().anyMatch(x -> x.startsWith("org.criu.checkpoint.")))
            return CheckpointAnnotations.KIND_CONTAINER;
        return "unknown";
    }

    // ---- pull

    /**
     * Pulls the checkpoint at {@code ref} into {@code target}, which must not exist or be an empty directory.
     *
     * @param ref    the image
     * @param target where the checkpoint goes; at most {@link CheckpointArchive#DEFAULT_MAX_BYTES} are written
     * @return the digest pulled, the layers and bytes, the time
     * @throws RegistryException when the target is taken, the registry cannot be reached, or a blob does not match its
     *     digest or is hostile; nothing is left behind then
     */
    public PullResult pull(Reference ref, Path target) {
        return pull(ref, target, CheckpointArchive.DEFAULT_MAX_BYTES);
    }

    /**
     * As {@link #pull(Reference, Path)}, with a limit on the bytes written.
     *
     * @param ref      the image
     * @param target   where the checkpoint goes: absent or an empty directory
     * @param maxBytes the most bytes the layers may expand to
     * @return the digest pulled, the layers and bytes, the time
     * @throws RegistryException as {@link #pull(Reference, Path)}, or when the layers pass {@code maxBytes}
     */
    public PullResult pull(Reference ref, Path target, long maxBytes) {
        String op = "pull of " + ref + " into " + target;
        long start = System.nanoTime();
        Path dest = target.toAbsolutePath().normalize();
        checkTarget(dest, op);
        Distribution registry = new Distribution(ref, options, op, false);
        Resolved r = resolve(registry, ref, op);
        String kind = kind(r.manifest().annotations());
        if (kind.equals("unknown"))
            throw new RegistryException(op, ref + " is an image, but not a checkpoint (its manifest has neither "
                    + CheckpointAnnotations.KIND + " nor org.criu.checkpoint.* annotations)", "pull a checkpoint pushed by cr, checkpointctl or Podman");
        List<ImageManifest.Descriptor> layers = r.manifest().layers();
        if (layers.isEmpty()) throw new RegistryException(op, "the image has no layer", null);
        boolean process = kind.equals(CheckpointAnnotations.KIND_PROCESS);
        if (!process && layers.size() != 1)
            throw new RegistryException(op, "a container checkpoint image has one layer; this one has " + layers.size(), null);
        Path staging = StagingDir.create(dest, "pull", op);
        boolean done = false;
        long fetched = 0;
        try {
            SafeExtraction x = SafeExtraction.ofVerifiedStream(staging, maxBytes, op);
            for (int i = 0; i < layers.size(); i++) {
                ImageManifest.Descriptor d = layers.get(i);
                String prefix = process ? ImageDir.PARENT_LINK.concat("/").repeat(layers.size() - 1 - i) : "";
                String what = "layer " + (i + 1) + "/" + layers.size() + " " + d.digest().substring(7, 19);
                fetched += extractLayer(registry, d, what, x, prefix, process, op);
            }
            StagingDir.commit(staging, dest, op);
            done = true;
            return new PullResult(r.reference(), dest, kind, layers.size(), fetched, x.seen().files(), x.seen().bytes(),
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            if (!done) StagingDir.remove(staging);
        }
    }

    private long extractLayer(Distribution registry, ImageManifest.Descriptor d, String what, SafeExtraction x, String prefix,
                              boolean process, String op) {
        Function<String, String> select = name -> {
            // A layer of an image directory must not bring its own parent: the layers below are the parents.
            if (process && (name.equals(ImageDir.PARENT_LINK) || name.startsWith(ImageDir.PARENT_LINK + "/")))
                throw new RegistryException(op, what + " holds an entry '" + name + "' where the parent images go",
                        "the image was not pushed by cr; nothing was written to the target");
            return prefix + name;
        };
        Verified raw = verified(registry.blob(d.digest()), d, what, op);
        try (raw) {
            try {
                x.extract(Compression.decompress(raw), select);
            } catch (ArchiveException e) {
                // A damaged blob usually breaks decompression before its end: say so by its digest, the real cause.
                raw.drain();
                // The blob is what its manifest says, and what it says is hostile or broken (an entry refused).
                throw new RegistryException(op, what + ": " + e.cause(),
                        "nothing was written to the target; pull only images from a source you trust", e);
            }
            raw.drain();
        } catch (IOException e) {
            throw new RegistryException(op, "the download of " + what + " broke: " + e.getMessage(), "try again", e);
        }
        return raw.count;
    }

    private Verified verified(InputStream in, ImageManifest.Descriptor d, String what, String op) {
        return new Verified(in, d, what, op, options.progress());
    }

    /**
     * Hashes a blob as it is read, refuses it as soon as it is longer than its descriptor says, and at its end
     * (or at {@link #drain()}) refuses it unless digest and size are those of the descriptor.
     */
    private static final class Verified extends FilterInputStream {
        private final MessageDigest sha = Digest.sha256();
        private final ImageManifest.Descriptor descriptor;
        private final String what, op;
        private final TransferProgress progress;
        private long count;
        private boolean checked;

        Verified(InputStream in, ImageManifest.Descriptor descriptor, String what, String op, TransferProgress progress) {
            super(in);
            this.descriptor = descriptor;
            this.what = what;
            this.op = op;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                check();
                return n;
            }
            sha.update(b, off, n);
            count += n;
            if (count > descriptor.size()) throw mismatch("is longer than the " + descriptor.size() + " bytes its manifest says");
            progress.moved(what, count, descriptor.size());
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        void drain() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // read() hashes, counts and checks at the end
            }
        }

        private void check() {
            if (checked) return;
            checked = true;
            if (count != descriptor.size()) throw mismatch("ended after " + count + " of its " + descriptor.size() + " bytes");
            String got = Digest.of(sha);
            if (!got.equals(descriptor.digest())) throw mismatch("has digest " + got + ", not " + descriptor.digest() + " as its manifest says");
        }

        private RegistryException mismatch(String how) {
            return new RegistryException(op, what + " " + how + ": it was changed or damaged in the registry or on the way; "
                    + "it was refused and nothing was written to the target",
                    "push the checkpoint again, or pull from a registry you trust");
        }
    }

    private static void checkTarget(Path dest, String op) {
        if (!StagingDir.isFreeTarget(dest))
            throw new RegistryException(op, dest + " already exists and is not an empty directory",
                    "pull into a new directory; nothing existing is overwritten");
    }

    private static Path tempDir(String prefix, String op) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new CrException(op, "cannot create a temporary directory: " + e.getMessage(), "check the space in "
                    + System.getProperty("java.io.tmpdir"));
        }
    }
}
