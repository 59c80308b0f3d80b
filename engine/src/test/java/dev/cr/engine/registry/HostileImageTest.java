package dev.cr.engine.registry;

import dev.cr.engine.testing.Requirements;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images made by hand to attack the puller, put into a real registry with correct digests (so only the
 * extraction rules stand between them and the file system): each pull is refused and writes nothing outside
 * the target, and nothing at it.
 */
class HostileImageTest {
    @TempDir Path tmp;
    TestRegistry registry;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = TestRegistry.start(tmp.resolve("registry"));
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) registry.close();
    }

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** Pushes an image of the given kind whose layers are the given tar streams (gzip, as any tool may write). */
    private Reference push(String tag, String kind, List<Entries> layers) throws IOException {
        Reference ref = registry.ref("hostile/image:" + tag);
        Distribution d = new Distribution(ref, registry.options(), "test push", true);
        List<ImageManifest.Descriptor> descriptors = new java.util.ArrayList<>();
        int i = 0;
        for (Entries layer : layers) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(bytes))) {
                layer.write(tar);
                tar.finish();
            }
            byte[] blob = bytes.toByteArray();
            Path f = tmp.resolve("blob-" + tag + "-" + i++);
            Files.write(f, blob);
            String digest = Digest.of(blob);
            d.uploadBlob(digest, f, blob.length, "layer", TransferProgress.NONE);
            descriptors.add(new ImageManifest.Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", digest, blob.length, Map.of()));
        }
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        Path cf = tmp.resolve("config-" + tag);
        Files.write(cf, config);
        d.uploadBlob(Digest.of(config), cf, config.length, "config", TransferProgress.NONE);
        byte[] manifest = new ImageManifest(new ImageManifest.Descriptor(ImageManifest.CONFIG_TYPE, Digest.of(config), config.length, Map.of()),
                descriptors, Map.of(CheckpointAnnotations.KIND, kind)).encode();
        d.putManifest(tag, manifest, Distribution.OCI_MANIFEST);
        return ref;
    }

    private void refused(Reference ref, String why) throws IOException {
        Path target = tmp.resolve("target");
        RegistryException e = assertThrows(RegistryException.class, () -> Registry.with(registry.options()).pull(ref, target));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertFalse(Files.exists(target), "nothing at the target");
        assertFalse(Files.exists(tmp.resolve("escaped")), "nothing outside it");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".target.cr-pull-")), "no staging left");
        }
    }

    @Test
    void aDotDotPathIsRefused() throws Exception {
        refused(push("dotdot", "process", List.of(tar -> {
            file(tar, "inventory.img", "x");
            file(tar, "../escaped", "owned");
        })), "its path contains '..'");
    }

    @Test
    void anAbsolutePathIsRefused() throws Exception {
        Path outside = tmp.resolve("escaped");
        refused(push("absolute", "container", List.of(tar -> file(tar, outside.toString(), "owned"))), "it has an absolute path");
    }

    @Test
    void aLinkOutAndAWriteThroughItAreRefused() throws Exception {
        refused(push("linkout", "container", List.of(tar -> {
            link(tar, "checkpoint", tmp.toString());
            file(tar, "checkpoint/escaped", "owned");
        })), "pointing out of the directory");
    }

    @Test
    void aLayerThatBringsItsOwnParentIsRefused() throws Exception {
        // Two layers: the upper one holds a 'parent' link to somewhere else, which would redirect where the lower
        // (parent) layer is written, or make CRIU read another checkpoint as the parent.
        refused(push("ownparent", "process", List.of(
                tar -> file(tar, "inventory.img", "old"),
                tar -> {
                    file(tar, "inventory.img", "new");
                    link(tar, "parent", "../escaped");
                })), "where the parent images go");
    }

    @Test
    void anImageThatIsNoCheckpointIsNotExtracted() throws Exception {
        // A kind cr does not know is not taken at its word (it would be extracted like a container archive).
        refused(push("plain", "unknown-kind", List.of(tar -> file(tar, "etc/passwd", "root:x:0:0"))), "is an image, but not a checkpoint");
        // Nor is an image without any checkpoint annotation; both are refused before any layer is read.
        Reference ref = registry.ref("hostile/image:noannotations");
        Distribution d = new Distribution(ref, registry.options(), "test push", true);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Path cf = tmp.resolve("c");
        Files.write(cf, config);
        d.uploadBlob(Digest.of(config), cf, config.length, "config", TransferProgress.NONE);
        d.putManifest("noannotations", new ImageManifest(new ImageManifest.Descriptor(ImageManifest.CONFIG_TYPE, Digest.of(config),
                config.length, Map.of()), List.of(), Map.of()).encode(), Distribution.OCI_MANIFEST);
        refused(ref, "is an image, but not a checkpoint");
    }
}
