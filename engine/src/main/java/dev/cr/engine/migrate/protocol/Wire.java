package dev.cr.engine.migrate.protocol;

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
 * bound. Writes are buffered; {@link #flush()} sends. One reader thread at most; sends are
 * serialized (a frame is never interleaved with another), so a second thread may report a failure.
 */
public final class Wire implements AutoCloseable {
    public static final int MAX_FRAME = 4 << 20;
    /** The most file bytes one Data or Part frame carries (before compression). */
    public static final int CHUNK = 1 << 20;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final AutoCloseable closer;
    private final AtomicLong sent = new AtomicLong();
    private byte[] readBuf = new byte[64 << 10];

    public Wire(InputStream in, OutputStream out, AutoCloseable closer) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 17));
        this.closer = closer;
    }

    public synchronized void send(Message m) throws IOException {
        int known = m.payloadLength();
        out.writeByte(m.type().code);
        if (known >= 0) {
            // File data is most of the traffic: written straight from the caller's buffer, never copied into a payload.
            out.writeInt(known);
            m.writePayload(out);
            sent.addAndGet(5L + known);
            return;
        }
        var payload = new java.io.ByteArrayOutputStream();
        m.writePayload(new DataOutputStream(payload));
        out.writeInt(payload.size());
        payload.writeTo(out);
        sent.addAndGet(5L + payload.size());
    }

    /**
     * The connection's byte streams past the frames read so far (including what the reader already buffered),
     * for a connection that switches from frames to an unframed stream (a page stream after its PageStream).
     */
    public InputStream rawInput() {
        return in;
    }

    /** See {@link #rawInput()}; flush after writing. */
    public OutputStream rawOutput() {
        return out;
    }

    /**
     * Ends what this side sends on an unframed stream, keeping the other direction open (TLS 1.3 close_notify, or
     * a TCP half-close): CRIU's page server waits for that end before it exits.
     */
    public void shutdownOutput() throws IOException {
        flush();
        if (closer instanceof java.net.Socket s) s.shutdownOutput();
    }

    public void sendNow(Message m) throws IOException {
        send(m);
        flush();
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    /**
     * The next message; EOFException when the peer closed the connection. The bytes of a Data or Part message
     * live in a buffer that the next call reuses: use them before receiving again.
     */
    public Message receive() throws IOException {
        return receive(MAX_FRAME);
    }

    /**
     * As {@link #receive()}, refusing a frame that announces more than {@code limit} bytes before reading any of
     * it: what a peer may make us read before it is trusted is far less than what a trusted source may send.
     */
    public Message receive(int limit) throws IOException {
        int code = in.read();
        if (code < 0) throw new EOFException("the peer closed the connection");
        FrameType type = FrameType.of(code);
        if (type == null) throw new IOException("unknown frame type " + code);
        int length = in.readInt();
        int max = Math.min(limit, MAX_FRAME);
        if (length < 0 || length > max) throw new IOException("frame of " + length + " bytes refused (limit " + max + ")");
        return Message.decode(type, length, in, this::fill);
    }

    private byte[] fill(int length) throws IOException {
        if (readBuf.length < length) readBuf = new byte[length];
        in.readFully(readBuf, 0, length);
        return readBuf;
    }

    /** Bytes handed to the connection so far (frames included, before TLS). */
    public long bytesSent() {
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
