package dev.cr.engine.image;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec on the committed real images, against the JSON crit 4.2.1 printed for them (made by crit, committed). */
class ImageJsonTest {
    @Test
    void decodePrintsWhatCritPrinted() throws IOException {
        int n = 0;
        for (Path image : Samples.codecImages()) {
            assertEquals(Files.readString(Samples.critJson(image)), ImageJson.decodeToString(image, false), image.toString());
            n++;
        }
        assertTrue(n >= 8);
    }

    @Test
    void encodeOfCritsJsonGivesTheImageBackByteForByte() throws IOException {
        for (Path image : Samples.codecImages())
            assertArrayEquals(Files.readAllBytes(image), ImageJson.encode(Files.readString(Samples.critJson(image)), "json"), image.toString());
    }

    @Test
    void prettyJsonEncodesBackToTheSameBytes() throws IOException {
        for (Path image : Samples.codecImages()) {
            String pretty = ImageJson.decodeToString(image, true);
            assertArrayEquals(Files.readAllBytes(image), ImageJson.encode(pretty, "json"), image.toString());
        }
    }

    @Test
    void prettyRendersCriuMarks() {
        String mm = ImageJson.decodeToString(Samples.codec().resolve("mm-1.img"), true);
        assertTrue(mm.contains("\"prot\": \"PROT_READ | PROT_WRITE\""), "flags as words");
        assertTrue(mm.contains("\"status\": \"VMA_AREA_REGULAR | VMA_ANON_PRIVATE"), "status words");
        assertTrue(mm.matches("(?s).*\"start\": \"0x[0-9a-f]+\".*"), "addresses in hex");
        String pagemap = ImageJson.decodeToString(Samples.codec().resolve("pagemap-1.img"), true);
        assertTrue(pagemap.contains("\"flags\": \"PE_PRESENT\""), pagemap);
    }

    @Test
    void badJsonGivesImageExceptions() {
        ImageException syntax = assertThrows(ImageException.class, () -> ImageJson.encode("{\"magic\": \"CORE\", \"entries\": [}", "x.json"));
        assertEquals(30, syntax.offset().orElseThrow(), syntax.getMessage());
        ImageException magic = assertThrows(ImageException.class, () -> ImageJson.encode("{\"magic\": \"NOPE\", \"entries\": []}", "x.json"));
        assertTrue(magic.getMessage().contains("NOPE"));
        ImageException type = assertThrows(ImageException.class,
                () -> ImageJson.encode("{\"magic\": \"PSTREE\", \"entries\": [{\"pid\": -1}]}", "x.json"));
        assertTrue(type.getMessage().contains("pstree_entry.pid"), type.getMessage());
        ImageException enumName = assertThrows(ImageException.class,
                () -> ImageJson.encode("{\"magic\": \"CORE\", \"entries\": [{\"mtype\": \"VAX\"}]}", "x.json"));
        assertTrue(enumName.getMessage().contains("X86_64"), enumName.getMessage());
        assertThrows(ImageException.class, () -> ImageJson.encode("[1, 2]", "x.json"));
        // found by the JSON fuzz test: a huge exponent must be refused, not expanded for minutes
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> assertThrows(
                ImageException.class, () -> ImageJson.encode("{\"magic\": \"PSTREE\", \"entries\": [{\"pid\": 1e999999999}]}", "x.json")));
        assertThrows(ImageException.class, () -> ImageJson.encode("{\"magic\": \"CORE\", \"entries\": [1]}", "x.json"));
    }

    @Test
    void addressesAreRenderedAsPythonsIpaddressDoes() {
        // the word holds the address in network byte order, as CRIU stores it
        assertEquals("127.0.0.1", CritRendering.address(new int[]{Integer.reverseBytes(0x7f000001)}));
        assertEquals("1:0:0:1::1", CritRendering.address(v6(1, 0, 0, 1, 0, 0, 0, 1)));
        assertEquals("::1", CritRendering.address(v6(0, 0, 0, 0, 0, 0, 0, 1)));
        assertEquals("::", CritRendering.address(v6(0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("fe80::1:0:0:2", CritRendering.address(v6(0xfe80, 0, 0, 0, 1, 0, 0, 2)));
        assertEquals("1:0:2::", CritRendering.address(v6(1, 0, 2, 0, 0, 0, 0, 0)));
        assertEquals("::ffff:10.0.0.1", CritRendering.address(v6(0, 0, 0, 0, 0, 0xffff, 0x0a00, 1)));
        for (String a : new String[]{"127.0.0.1", "1:0:0:1::1", "::1", "fe80::1:0:0:2", "::ffff:10.0.0.1"})
            assertEquals(a, CritRendering.address(CritRendering.unaddress(a)));
    }

    @Test
    void unixNamesAreQuotedPrintableAsPythonsQuopriWritesThem() {
        // values checked with python3: quopri.encodestring(b'\0abc=x ') == b'=00abc=3Dx=20'
        assertEquals("=00abc=3Dx=20", QuotedPrintable.encode("\0abc=x ".getBytes()));
        byte[] long_ = "a".repeat(100).getBytes();
        assertEquals("a".repeat(75) + "=\n" + "a".repeat(25), QuotedPrintable.encode(long_));
        assertArrayEquals(long_, QuotedPrintable.decode(QuotedPrintable.encode(long_)));
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        assertArrayEquals(all, QuotedPrintable.decode(QuotedPrintable.encode(all)));
    }

    private static int[] v6(int... hextets) {
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) words[i] = Integer.reverseBytes(hextets[2 * i] << 16 | hextets[2 * i + 1]);
        return words;
    }
}
