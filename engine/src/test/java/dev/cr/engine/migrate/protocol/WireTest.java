package dev.cr.engine.migrate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every frame type goes through the one encoder and the one decoder unchanged; malformed frames are refused. */
class WireTest {
    private static final byte[] BYTES = "pages of a process".getBytes();

    private static List<Message> oneOfEach() {
        return List.of(
                new Message.Hello(Message.VERSION, "tok", "pid 42", "c1"),
                new Message.Accepted("m-1"),
                new Message.Failure(Message.Failure.Kind.DISK_FULL, "no space"),
                new Message.File("pages-1.img", 4096, 0600),
                new Message.Data(false, BYTES.length, BYTES, BYTES.length),
                new Message.FileEnd(0x1234),
                new Message.Link("parent", "../1"),
                new Message.IterationDone(2, true),
                new Message.Restore(List.of("tcp-established", "manage-cgroups=soft")),
                new Message.Restored(77, 12),
                new Message.Commit(),
                new Message.Running(77),
                new Message.Resume("m-1", true),
                new Message.Part("pages-2.img", true, 99, BYTES, BYTES.length),
                new Message.PartsDone("pages-2.img", 8192, 7),
                new Message.PartsDropped("pages-2.img"),
                new Message.PageServer(2),
                new Message.PageServerReady(2, "00ff"),
                new Message.PageStream("m-1", 2, "00ff"),
                new Message.PostCopy(),
                new Message.PostCopyReady("a1b2"),
                new Message.LazyPageStream("m-1", "a1b2"),
                new Message.PagesArrived(1L << 33, 3),
                new Message.Failure(Message.Failure.Kind.WORKLOAD_LOST, "no page stream for 30 s"),
                new Message.TreeEntry("rootfs/etc/é", 'f', 0644, 0, 0, 5L, "", 0),
                new Message.TreeRemove("rootfs/tmp/x"),
                new Message.TreeDone(1, "/var/lib/lxc/c1"));
    }

    @Test
    void everyFrameTypeRoundTrips() throws IOException {
        var buf = new ByteArrayOutputStream();
        Wire out = new Wire(new ByteArrayInputStream(new byte[0]), buf, () -> {});
        Set<FrameType> seen = EnumSet.noneOf(FrameType.class);
        for (Message m : oneOfEach()) out.send(m);
        out.flush();
        assertEquals(buf.size(), out.bytesSent(), "bytesSent counts every byte written");
        Wire in = new Wire(new ByteArrayInputStream(buf.toByteArray()), java.io.OutputStream.nullOutputStream(), () -> {});
        for (Message sent : oneOfEach()) {
            Message got = in.receive();
            seen.add(got.type());
            switch (sent) {
                case Message.Data d -> {
                    var g = (Message.Data) got;
                    assertEquals(d.zstd(), g.zstd());
                    assertEquals(d.rawLength(), g.rawLength());
                    assertArrayEquals(BYTES, Arrays.copyOf(g.bytes(), g.length()));
                }
                case Message.Part p -> {
                    var g = (Message.Part) got;
                    assertEquals(p.path(), g.path());
                    assertEquals(p.zstd(), g.zstd());
                    assertEquals(p.rawLength(), g.rawLength());
                    assertArrayEquals(BYTES, Arrays.copyOf(g.bytes(), g.length()));
                }
                default -> assertEquals(sent, got);
            }
        }
        assertEquals(EnumSet.allOf(FrameType.class), seen, "the test covers every registered frame type");
    }

    @Test
    void registryMapsCodesBothWays() {
        for (FrameType t : FrameType.values()) assertEquals(t, FrameType.of(t.code));
        assertEquals(null, FrameType.of(0));
        assertEquals(null, FrameType.of(255));
        assertEquals(null, FrameType.of(-1));
    }

    @Test
    void unknownFrameTypeIsRefused() {
        var e = assertThrows(IOException.class, () -> wireOf(frame(99, new byte[0])).receive());
        assertTrue(e.getMessage().contains("unknown frame type 99"), e.getMessage());
    }

    @Test
    void bytesPastAFramesFieldsAreRefused() throws IOException {
        var payload = new ByteArrayOutputStream();
        var d = new DataOutputStream(payload);
        d.writeLong(77);
        d.writeInt(0xdead); // Running has one long: these four bytes must not be silently ignored
        var e = assertThrows(IOException.class, () -> wireOf(frame(FrameType.RUNNING.code, payload.toByteArray())).receive());
        assertTrue(e.getMessage().contains("past its fields"), e.getMessage());
    }

    @Test
    void oversizedFrameIsRefusedBeforeAllocation() {
        var buf = new ByteArrayOutputStream();
        buf.write(FrameType.DATA.code);
        int len = Wire.MAX_FRAME + 1;
        buf.write(len >>> 24); buf.write(len >>> 16); buf.write(len >>> 8); buf.write(len);
        var e = assertThrows(IOException.class, () -> wireOf(buf.toByteArray()).receive());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    private static byte[] frame(int type, byte[] payload) {
        var buf = new ByteArrayOutputStream();
        buf.write(type);
        int n = payload.length;
        buf.write(n >>> 24); buf.write(n >>> 16); buf.write(n >>> 8); buf.write(n);
        buf.writeBytes(payload);
        return buf.toByteArray();
    }

    private static Wire wireOf(byte[] bytes) {
        return new Wire(new ByteArrayInputStream(bytes), java.io.OutputStream.nullOutputStream(), () -> {});
    }
}
