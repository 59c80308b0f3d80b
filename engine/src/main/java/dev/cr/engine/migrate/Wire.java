package dev.cr.engine.migrate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Framed messages over one connection: {@code [type: 1 byte][length: 4 bytes, big-endian][payload]}.
 * A frame longer than {@link #MAX_FRAME} is refused, so a broken or hostile peer cannot make us allocate without
 * bound. Writes are buffered; {@link #flush()} sends. Not thread-safe: one reader and one writer thread at most.
 */
final class Wire implements AutoCloseable {
    static final int MAX_FRAME = 4 << 20;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final AutoCloseable closer;
    private final AtomicLong sent = new AtomicLong();
    private byte[] readBuf = new byte[64 << 10];

    Wire(InputStream in, OutputStream out, AutoCloseable closer) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 17));
        this.closer = closer;
    }

    void send(Message m) throws IOException {
        // File data is most of the traffic: written straight from the caller's buffer, never copied into a payload.
        if (m instanceof Message.Data d) {
            out.writeByte(d.type());
            out.writeInt(5 + d.length());
            out.writeBoolean(d.zstd());
            out.writeInt(d.rawLength());
            out.write(d.bytes(), 0, d.length());
            sent.addAndGet(10L + d.length());
            return;
        }
        if (m instanceof Message.Part p) {
            byte[] name = Message.encode(new Message.PartsDropped(p.path())); // the name as writeUTF writes it
            out.writeByte(p.type());
            out.writeInt(name.length + 5 + p.length());
            out.write(name);
            out.writeBoolean(p.zstd());
            out.writeInt(p.rawLength());
            out.write(p.bytes(), 0, p.length());
            sent.addAndGet(5L + name.length + 5 + p.length());
            return;
        }
        byte[] payload = Message.encode(m);
        out.writeByte(m.type());
        out.writeInt(payload.length);
        out.write(payload);
        sent.addAndGet(5L + payload.length);
    }

    void sendNow(Message m) throws IOException {
        send(m);
        flush();
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * The next message; EOFException when the peer closed the connection. The bytes of a Data or Part message
     * live in a buffer that the next call reuses: use them before receiving again.
     */
    Message receive() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("the peer closed the connection");
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) throw new IOException("frame of " + length + " bytes refused (limit " + MAX_FRAME + ")");
        if (type == 5 && length >= 5) {
            boolean zstd = in.readBoolean();
            int raw = in.readInt();
            return new Message.Data(zstd, raw, fill(length - 5), length - 5);
        }
        if (type == 16 && length >= 2) {
            in.mark(2);
            int nameLength = in.readUnsignedShort();
            in.reset();
            int rest = length - 2 - nameLength - 5;
            if (rest < 0) throw new IOException("malformed part frame");
            String path = in.readUTF();
            boolean zstd = in.readBoolean();
            int raw = in.readInt();
            return new Message.Part(path, zstd, raw, fill(rest), rest);
        }
        return Message.decode((byte) type, fill(length), length);
    }

    private byte[] fill(int length) throws IOException {
        if (readBuf.length < length) readBuf = new byte[length];
        in.readFully(readBuf, 0, length);
        return readBuf;
    }

    /** Bytes handed to the connection so far (frames included, before TLS). */
    long bytesSent() {
        return sent.get();
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception ignored) {
            // closing a dead connection
        }
    }
}
