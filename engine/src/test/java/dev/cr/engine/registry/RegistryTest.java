package dev.cr.engine.registry;

import dev.cr.engine.image.ImageDir;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push, pull and inspect against a real registry (docker-registry on loopback, TLS and htpasswd auth). */
class RegistryTest {
    @TempDir Path tmp;
    TestRegistry registry;
    Path testdata;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = TestRegistry.start(tmp.resolve("registry"));
        testdata = Requirements.projectRoot().resolve("testdata");
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) registry.close();
    }

    /** Relative path to content, for every regular file and link under {@code dir}. */
    static List<String> tree(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                if (p.equals(dir)) continue;
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.add(rel + " -> " + Files.readSymbolicLink(p));
                else if (Files.isRegularFile(p)) out.add(rel + " " + Digest.of(Files.readAllBytes(p)));
                else out.add(rel + "/");
            }
        }
        return out;
    }

    @Test
    void pushThenPullGivesTheSameFilesAndInspectReadsTheManifestOnly() throws Exception {
        Path source = testdata.resolve("counter/1");
        Registry r = Registry.with(registry.options());
        PushResult pushed = r.push(source, registry.ref("checkpoints/counter:v1"), false);
        assertEquals(1, pushed.layers());
        assertEquals(1, pushed.layersSent());
        assertTrue(pushed.reference().digest().startsWith("sha256:"), pushed.toString());

        CheckpointImage image = r.inspect(registry.ref("checkpoints/counter:v1"));
        assertEquals(pushed.reference().digest(), image.reference().digest());
        assertEquals("process", image.kind());
        assertEquals("amd64", image.architecture());
        assertEquals("linux", image.os());
        assertEquals(System.getProperty("os.version"), image.annotation(CheckpointAnnotations.HOST_KERNEL).orElseThrow());
        assertTrue(image.annotation(CheckpointAnnotations.COMMAND).orElseThrow().startsWith("sh -c"),
                image.annotations().toString());
        assertEquals("1", image.annotation(CheckpointAnnotations.CHAIN).orElseThrow());

        Path pulled = tmp.resolve("pulled");
        PullResult got = r.pull(registry.ref("checkpoints/counter@" + pushed.reference().digest()), pulled);
        assertEquals(pulled, got.directory());
        assertEquals(tree(source), tree(pulled));
        assertEquals(ImageDir.open(source).processes().size(), ImageDir.open(pulled).processes().size());
    }

    @Test
    void pushAfterAnotherPreDumpSendsOnlyTheNewLayer() throws Exception {
        // testdata/chain: two pre-dumps and a dump of one process, made in the memory-tracking VM (this kernel
        // cannot pre-dump), linked 3 -> 2 -> 1. Pushing 2 is "after the second pre-dump", 3 "after the dump".
        Registry r = Registry.with(registry.options());
        Reference ref = registry.ref("checkpoints/chain:latest");
        PushResult first = r.push(testdata.resolve("chain/2"), ref, true);
        assertEquals(2, first.layers());
        assertEquals(2, first.layersSent());

        PushResult second = r.push(testdata.resolve("chain/3"), ref, true);
        assertEquals(3, second.layers());
        assertEquals(1, second.layersSent(), "only chain/3's layer is new: " + second);
        assertEquals(1, second.layersBuilt(), "the parents' digests came from the layer cache, unread: " + second);
        assertEquals(r.inspect(first.reference()).size(), second.bytesReused(),
                "the two reused layers are the ones the first push sent");

        RegistryException e = assertThrows(RegistryException.class, () -> r.push(testdata.resolve("chain/3"), ref, false));
        assertTrue(e.getMessage().contains("incremental checkpoint") && e.fix().orElseThrow().contains("withParents(true)"), e.getMessage());

        Path pulled = tmp.resolve("pulled");
        r.pull(ref, pulled);
        assertEquals(tree(testdata.resolve("chain/3")).stream().filter(l -> !l.startsWith("parent ->")).toList(),
                tree(pulled).stream().filter(l -> !l.startsWith("parent")).toList());
        assertEquals(tree(testdata.resolve("chain/1")).stream().filter(l -> !l.startsWith("parent")).toList(),
                tree(pulled.resolve("parent/parent")));
        ImageDir chain = ImageDir.open(pulled);
        assertEquals(3, Stream.iterate(chain, d -> d != null, d -> d.parent().orElse(null)).count());
    }

    @Test
    void aCrPackArchiveIsPushedAsTheChainItHoldsWithTheSameLayers() throws Exception {
        Path archive = tmp.resolve("chain.tar.zst");
        dev.cr.engine.archive.CheckpointArchive.pack(testdata.resolve("chain/3"), archive,
                dev.cr.engine.archive.PackOptions.defaults().withParents(true));
        Registry r = Registry.with(registry.options());
        PushResult fromArchive = r.push(archive, registry.ref("checkpoints/archive:v1"), false);
        assertEquals(3, fromArchive.layers());
        PushResult fromDir = r.push(testdata.resolve("chain/3"), registry.ref("checkpoints/dir:v1"), true);
        assertEquals(r.inspect(fromArchive.reference()).layers().stream().map(CheckpointImage.LayerInfo::digest).toList(),
                r.inspect(fromDir.reference()).layers().stream().map(CheckpointImage.LayerInfo::digest).toList(),
                "an unpacked copy makes the same blobs as the directory itself (no times, no owners in a layer)");
        Path pulled = tmp.resolve("pulled");
        r.pull(fromArchive.reference(), pulled);
        assertEquals(tree(testdata.resolve("chain/1")).stream().filter(l -> !l.startsWith("parent")).toList(),
                tree(pulled.resolve("parent/parent")));
    }

    @Test
    void theLayerCacheNeverStandsInForAChangedDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cp"));
        try (Stream<Path> s = Files.list(testdata.resolve("counter/1"))) {
            for (Path p : s.toList()) Files.copy(p, dir.resolve(p.getFileName()));
        }
        Registry r = Registry.with(registry.options());
        PushResult first = r.push(dir, registry.ref("checkpoints/cache:v1"), false);
        PushResult again = r.push(dir, registry.ref("checkpoints/cache:v2"), false);
        assertEquals(0, again.layersBuilt(), "unchanged: known from the cache");
        assertEquals(0, again.layersSent());

        // Same size, same modification time: only the bytes (and with them the change time) differ.
        Path f = dir.resolve("pages-1.img");
        var mtime = Files.getLastModifiedTime(f);
        byte[] b = Files.readAllBytes(f);
        b[0] ^= 1;
        Files.write(f, b);
        Files.setLastModifiedTime(f, mtime);
        PushResult changed = r.push(dir, registry.ref("checkpoints/cache:v3"), false);
        assertEquals(1, changed.layersBuilt(), "a changed directory is read again");
        assertEquals(1, changed.layersSent());
        Path pulled = tmp.resolve("pulled");
        r.pull(changed.reference(), pulled);
        assertArrayEquals(b, Files.readAllBytes(pulled.resolve("pages-1.img")));
        assertFalse(first.reference().digest().equals(changed.reference().digest()));

        // Known from the cache but missing in the registry (another registry, or garbage-collected): built and sent.
        String layer = r.inspect(changed.reference()).layers().getFirst().digest();
        registry.kill();
        dev.cr.engine.archive.StagingDir.remove(registry.storage());
        registry.start();
        PushResult fresh = r.push(dir, registry.ref("checkpoints/cache:v4"), false);
        assertEquals(1, fresh.layersBuilt());
        assertEquals(1, fresh.layersSent());
        assertEquals(layer, r.inspect(fresh.reference()).layers().getFirst().digest(), "the same blob, rebuilt");

        // A chain whose parents are known from the cache but missing in the registry, under a new top.
        r.push(testdata.resolve("chain/2"), registry.ref("checkpoints/chain:v2"), true);
        registry.kill();
        dev.cr.engine.archive.StagingDir.remove(registry.storage());
        registry.start();
        PushResult chain = r.push(testdata.resolve("chain/3"), registry.ref("checkpoints/chain:v3"), true);
        assertEquals(3, chain.layersSent());
        assertEquals(3, chain.layersBuilt(), "the new top and the two parents the registry lost");
        Path pulledChain = tmp.resolve("pulled-chain");
        r.pull(chain.reference(), pulledChain);
        assertEquals(tree(testdata.resolve("chain/1")).stream().filter(l -> !l.startsWith("parent")).toList(),
                tree(pulledChain.resolve("parent/parent")));
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedInWords() throws Exception {
        Path source = testdata.resolve("counter/1");
        Reference ref = registry.ref("checkpoints/counter:v1");
        RegistryException wrong = assertThrows(RegistryException.class, () ->
                Registry.with(registry.options().authFile(registry.wrongAuthFile())).push(source, ref, false));
        assertTrue(wrong.getMessage().contains("refused the credentials of user '" + TestRegistry.USER + "'"), wrong.getMessage());
        assertTrue(wrong.fix().orElseThrow().contains("podman login " + registry.host()), wrong.fix().toString());

        Path empty = tmp.resolve("empty-auth.json");
        Files.writeString(empty, "{\"auths\": {}}");
        RegistryException none = assertThrows(RegistryException.class, () ->
                Registry.with(registry.options().authFile(empty)).inspect(ref));
        assertTrue(none.getMessage().contains("asks for credentials") && none.getMessage().contains(empty + " has no credentials"),
                none.getMessage());
    }

    @Test
    void bearerTokensFromTheRealmTheRegistryNamesAreFetchedAndUsed() throws Exception {
        registry.close();
        registry = TestRegistry.startWithTokenAuth(tmp.resolve("token-registry"));
        Path source = testdata.resolve("counter/1");
        Registry r = Registry.with(registry.options());
        PushResult pushed = r.push(source, registry.ref("checkpoints/counter:v1"), false);
        assertTrue(registry.tokenServer().tokensIssued.get() >= 1, "a token was fetched");
        Path pulled = tmp.resolve("pulled");
        r.pull(pushed.reference(), pulled);
        assertEquals(tree(source), tree(pulled));

        RegistryException wrong = assertThrows(RegistryException.class, () ->
                Registry.with(registry.options().authFile(registry.wrongAuthFile())).inspect(pushed.reference()));
        assertTrue(wrong.getMessage().contains("refused the credentials of user '" + TestRegistry.USER + "'"), wrong.getMessage());
    }

    @Test
    void credentialsAreNotSentToATokenRealmOverPlainHttp() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(500);
            registry.close();
            registry = TestRegistry.startWithTokenAuth(tmp.resolve("http-realm"),
                    "http://127.0.0.1:" + listener.getLocalPort() + "/token");
            RegistryException e = assertThrows(RegistryException.class, () ->
                    Registry.with(registry.options()).inspect(registry.ref("checkpoints/x:v1")));
            assertTrue(e.getMessage().contains("which is not HTTPS"), e.getMessage());
            assertThrows(java.net.SocketTimeoutException.class, listener::accept, "nobody connected to the plain-HTTP realm");
        }
    }

    @Test
    void aRegistryWhoseCertificateIsNotTrustedIsRefused() throws Exception {
        // Without the CA, only the system trust store is used, and it does not know the test's self-signed certificate.
        RegistryException e = assertThrows(RegistryException.class, () ->
                Registry.with(RegistryOptions.defaults().authFile(registry.authFile())).inspect(registry.ref("checkpoints/x:v1")));
        assertTrue(e.getMessage().contains("TLS connection to " + registry.host() + " failed: its certificate is not signed by a CA cr trusts (the system trust store)"), e.getMessage());
        assertTrue(e.fix().orElseThrow().contains("caCertificate(file)"), e.fix().toString());

        // A CA given with --ca-cert replaces the trust store: one that did not sign the registry's certificate is refused.
        Path otherCa = tmp.resolve("other-ca.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", tmp.resolve("other-key.pem").toString(), "-out", otherCa.toString(), "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        RegistryException other = assertThrows(RegistryException.class, () ->
                Registry.with(registry.options().caCertificate(otherCa)).inspect(registry.ref("checkpoints/x:v1")));
        assertTrue(other.getMessage().contains("not signed by a CA cr trusts (the one given with caCertificate(file))"), other.getMessage());
    }

    @Test
    void aTamperedBlobIsRefusedByDigestAndNothingIsLeftAtTheTarget() throws Exception {
        Path source = bigCheckpoint(8 << 20);
        Registry r = Registry.with(registry.options());
        PushResult pushed = r.push(source, registry.ref("checkpoints/big:v1"), false);
        CheckpointImage image = r.inspect(pushed.reference());
        String layer = image.layers().getFirst().digest();
        try (RandomAccessFile f = new RandomAccessFile(registry.blobFile(layer).toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        Path pulled = tmp.resolve("pulled");
        RegistryException e = assertThrows(RegistryException.class, () -> r.pull(pushed.reference(), pulled));
        assertTrue(e.getMessage().contains("has digest sha256:") && e.getMessage().contains("not " + layer), e.getMessage());
        assertFalse(Files.exists(pulled), "nothing at the target");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".pulled.cr-pull-")), "no staging left");
        }
    }

    @Test
    void aRegistryKilledMidPushLeavesTheTagAsItWas() throws Exception {
        Reference ref = registry.ref("checkpoints/app:stable");
        PushResult before = Registry.with(registry.options()).push(testdata.resolve("counter/1"), ref, false);

        Path big = bigCheckpoint(64 << 20);
        AtomicBoolean killed = new AtomicBoolean();
        TransferProgress killer = (blob, done, total) -> {
            if (done > (8 << 20) && killed.compareAndSet(false, true)) registry.kill();
        };
        RegistryException e = assertThrows(RegistryException.class, () ->
                Registry.with(registry.options().progress(killer)).push(big, ref, false));
        assertTrue(killed.get(), "the registry was killed during the upload");
        assertTrue(e.getMessage().contains(registry.host()), e.getMessage());

        registry.start();
        CheckpointImage now = Registry.with(registry.options()).inspect(ref);
        assertEquals(before.reference().digest(), now.reference().digest(), "the tag still names the earlier push");
        RegistryException missing = assertThrows(RegistryException.class, () ->
                Registry.with(registry.options()).inspect(registry.ref("checkpoints/app:never")));
        assertTrue(missing.getMessage().contains("has no checkpoints/app:never"), missing.getMessage());
    }

    /** A real image directory (testdata/counter/1) with an extra file of incompressible bytes. */
    private Path bigCheckpoint(int bytes) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("big"));
        try (Stream<Path> s = Files.list(testdata.resolve("counter/1"))) {
            for (Path p : s.toList()) Files.copy(p, dir.resolve(p.getFileName()));
        }
        byte[] data = new byte[bytes];
        new Random(42).nextBytes(data);
        Files.write(dir.resolve("pages-99.img"), data);
        return dir;
    }

    @Test
    void referencesAreParsedAsContainerToolsWriteThem() {
        Reference r = Reference.parse("127.0.0.1:5000/team/app:v2");
        assertEquals("127.0.0.1:5000", r.registry());
        assertEquals("team/app", r.repository());
        assertEquals("v2", r.tag());
        assertEquals("latest", Reference.parse("localhost/app").tag());
        String d = "sha256:" + "a".repeat(64);
        assertEquals(d, Reference.parse("quay.io/x/y@" + d).digest());
        assertThrows(IllegalArgumentException.class, () -> Reference.parse("app:v1"), "no registry named");
        assertThrows(IllegalArgumentException.class, () -> Reference.parse("quay.io/App:v1"), "upper case repository");
        assertThrows(IllegalArgumentException.class, () -> Reference.parse("quay.io/x@sha256:abc"), "short digest");
        assertFalse(Reference.looksLikeReference("/var/tmp/images"));
        assertFalse(Reference.looksLikeReference("images/1"));
        assertTrue(Reference.looksLikeReference("localhost:5000/app:v1"));
    }

    @Test
    void layersOfTheSameDirectoryAreTheSameBlob() throws Exception {
        Layer a = Layer.ofImageDir(testdata.resolve("chain/3"), tmp.resolve("a"), "test");
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        try (Stream<Path> s = Files.list(testdata.resolve("chain/3"))) {
            for (Path p : s.toList()) if (!p.getFileName().toString().equals("parent")) Files.copy(p, copy.resolve(p.getFileName()));
        }
        Files.setLastModifiedTime(copy.resolve("core-1.img"), java.nio.file.attribute.FileTime.fromMillis(123456789));
        Layer b = Layer.ofImageDir(copy, tmp.resolve("b"), "test");
        assertEquals(a.digest(), b.digest(), "no parent link, no times: the same blob");
        assertArrayEquals(Files.readAllBytes(a.file()), Files.readAllBytes(b.file()));
    }
}
