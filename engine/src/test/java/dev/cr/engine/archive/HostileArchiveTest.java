package dev.cr.engine.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Archives made by an attacker, each carrying a manifest that matches its entries, so that an unpack without the
 * check under test would succeed (exit 0) and leave the hostile result in place. Threat model: docs/security.md,
 * "a crafted archive or image directory".
 */
class HostileArchiveTest {
    @TempDir
    Path tmp;

    /** One entry of a hostile archive: a file with content, a directory, or a symbolic link. */
    private sealed interface Item permits FileItem, LinkItem, DirItem {}

    private record FileItem(String name, byte[] data) implements Item {}

    private record LinkItem(String name, String target) implements Item {}

    private record DirItem(String name) implements Item {}

    /** Writes the items and a manifest that lists exactly them, the way cr pack would have. */
    private Path archive(Compression c, Item... items) throws IOException {
        Path file = tmp.resolve("hostile" + c.suffix());
        Manifest m = new Manifest();
        try (OutputStream raw = c.compress(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (Item i : items) {
                switch (i) {
                    case FileItem f -> {
                        TarArchiveEntry e = new TarArchiveEntry(f.name(), true);
                        e.setSize(f.data().length);
                        tar.putArchiveEntry(e);
                        tar.write(f.data());
                        tar.closeArchiveEntry();
                        m.add(f.name(), new Manifest.File(f.data().length,
                                HexFormat.of().formatHex(SafeExtraction.sha256().digest(f.data()))));
                    }
                    case LinkItem l -> {
                        TarArchiveEntry e = new TarArchiveEntry(l.name(), TarArchiveEntry.LF_SYMLINK, true);
                        e.setLinkName(l.target());
                        tar.putArchiveEntry(e);
                        tar.closeArchiveEntry();
                        m.add(l.name(), new Manifest.Link(l.target()));
                    }
                    case DirItem d -> {
                        tar.putArchiveEntry(new TarArchiveEntry(d.name() + "/", true));
                        tar.closeArchiveEntry();
                        m.add(d.name(), new Manifest.Dir());
                    }
                }
            }
            byte[] mb = m.encode();
            TarArchiveEntry me = new TarArchiveEntry(Manifest.NAME, true);
            me.setSize(mb.length);
            tar.putArchiveEntry(me);
            tar.write(mb);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return file;
    }

    private Path archive(Item... items) throws IOException {
        return archive(Compression.NONE, items);
    }

    private void assertRefused(Path archive, String entry, String why) {
        Path out = tmp.resolve("target");
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(archive, out, 1 << 20),
                "the unpack must be refused");
        assertTrue(e.cause().contains("'" + entry + "'"), "names the entry: " + e.cause());
        assertTrue(e.cause().contains(why), "says why (" + why + "): " + e.cause());
        assertFalse(Files.exists(out), "nothing written at the target");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".cr-")).toList(), "staging removed");
        } catch (IOException x) {
            fail(x);
        }
    }

    private static final String UP_AND_OUT = "s/s/s/s/s/s/s/s/s/s/../../../../../../../../../../etc/hostname";

    /** The reproduced finding: the text of x stays inside, but the kernel resolves s/.. physically (s is "."). */
    @Test
    void linkThatLeavesThroughAnEarlierLinkIsRefused() throws IOException {
        assertRefused(archive(new LinkItem("checkpoint/s", "."), new LinkItem("checkpoint/x", UP_AND_OUT)),
                "checkpoint/x", "goes through the symbolic link 'checkpoint/s'");
    }

    /** The same pair in the other order: x is checked before s exists, so s must be checked against x. */
    @Test
    void linkThatALaterLinkWouldTurnIntoAnEscapeIsRefused() throws IOException {
        assertRefused(archive(new LinkItem("checkpoint/x", UP_AND_OUT), new LinkItem("checkpoint/s", ".")),
                "checkpoint/s", "the link 'checkpoint/x' resolves through it");
    }

    /** A link through a link that points at a directory elsewhere inside: harmless text, refused all the same. */
    @Test
    void linkThroughALinkToADirectoryIsRefused() throws IOException {
        assertRefused(archive(new DirItem("a/b"), new LinkItem("c", "a/b"), new LinkItem("d", "c/../x")),
                "d", "goes through the symbolic link 'c'");
    }

    /** What checkpoints do hold keeps working: a link to a file, a link to a link, a link up into a sibling. */
    @Test
    void linksThatStayInsideByRealDirectoriesStillUnpack() throws IOException {
        byte[] core = "core".getBytes(StandardCharsets.UTF_8);
        Path out = tmp.resolve("ok");
        CheckpointArchive.unpack(archive(
                new FileItem("sub/core-1.img", core),
                new LinkItem("sub/link", "core-1.img"),
                new LinkItem("other/up", "../sub/link"),
                new LinkItem("top", "other/up")), out, 1 << 20);
        assertArrayEquals(core, Files.readAllBytes(out.resolve("top")));
        assertEquals(out.resolve("sub/core-1.img").toRealPath(), out.resolve("top").toRealPath());
    }

    /**
     * A GNU long-name header is read whole into memory by the tar reader, before any entry check runs: 200 MiB of
     * name that compresses to a few KiB. The cap in front of the tar reader stops it after a bounded read.
     */
    @Test
    void longNameHeaderIsCutOffBeforeItIsReadWhole() throws IOException {
        Path bomb = tmp.resolve("longname.tar.zst");
        try (OutputStream raw = Compression.ZSTD.compress(Files.newOutputStream(bomb))) {
            byte[] header = new byte[512];
            byte[] name = "././@LongLink".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, header, 0, name.length);
            long size = 200L << 20;
            octal(header, 100, 8, 0644);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, size);
            octal(header, 136, 12, 0);
            header[156] = 'L';
            byte[] magic = "ustar  \0".getBytes(StandardCharsets.US_ASCII); // GNU magic and version
            System.arraycopy(magic, 0, header, 257, magic.length);
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            long sum = 0;
            for (byte b : header) sum += b & 0xff;
            octal(header, 148, 7, sum);
            raw.write(header);
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 200; i++) raw.write(chunk);
            raw.write(new byte[1024]);
        }
        assertTrue(Files.size(bomb) < 64 * 1024, "the bomb is small: " + Files.size(bomb));
        Path out = tmp.resolve("target");
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(bomb, out, 1 << 20));
        assertTrue(e.cause().contains("header") && e.cause().contains("more than"), "says a header is too large: " + e.cause());
        assertFalse(Files.exists(out));
    }

    /** Writes v in octal, zero-padded, NUL-terminated, into a tar header field. */
    private static void octal(byte[] header, int at, int width, long v) {
        String s = Long.toOctalString(v);
        s = "0".repeat(width - 1 - s.length()) + s;
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
        header[at + width - 1] = 0;
    }

    /**
     * Headers cost reading even when each is small: thousands of entries, each with a 30 KiB PAX record, make the tar
     * reader decompress far more than the files hold. The total it may consume is capped: the file limit, the
     * manifest, and a few KiB of headers per entry.
     */
    @Test
    void totalDecompressedBytesAreCapped() throws IOException {
        Path file = tmp.resolve("pax.tar.zst");
        String padding = "n".repeat(30 * 1024);
        try (OutputStream raw = Compression.ZSTD.compress(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            for (int i = 0; i < 3000; i++) {
                TarArchiveEntry e = new TarArchiveEntry("d" + i + "/", true);
                e.addPaxHeader("comment", padding);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        assertTrue(Files.size(file) < 1 << 20, "small on disk: " + Files.size(file));
        Path out = tmp.resolve("target");
        ArchiveException e = assertThrows(ArchiveException.class, () -> CheckpointArchive.unpack(file, out, 1 << 20));
        assertTrue(e.cause().contains("expands past"), "says the archive is too large: " + e.cause());
        assertFalse(Files.exists(out));
    }

}
