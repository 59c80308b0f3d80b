package dev.cr.engine.migrate.protocol;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * The body of one file on the wire, as both receivers read it: Data frames (inflated when zstd-compressed) up to
 * the FileEnd, whose CRC-32C must match what arrived. One instance per receiver: it owns the inflate buffer.
 */
public final class FileBody {
    private final byte[] unpacked = new byte[Wire.CHUNK];

    /**
     * Copies the body of {@code name} into {@code out} and returns its length; {@code announced} is the size the
     * source announced, or -1 when it announced none.
     */
    public long receive(Wire wire, OutputStream out, String name, long announced) throws IOException {
        CRC32C crc = new CRC32C();
        long got = 0;
        while (true) {
            Message m = wire.receive();
            if (m instanceof Message.Data d) {
                byte[] data = d.bytes();
                int len = d.length();
                if (d.zstd()) {
                    data = unpacked;
                    len = inflate(d.rawLength(), d.bytes(), d.length(), name);
                }
                got += len;
                if (announced >= 0 && got > announced) throw new ProtocolError(name + " is longer than announced");
                crc.update(data, 0, len);
                out.write(data, 0, len);
            } else if (m instanceof Message.FileEnd end) {
                if (announced >= 0 && got != announced)
                    throw new ProtocolError(name + ": " + got + " of " + announced + " bytes arrived");
                if (end.crc32c() != (int) crc.getValue())
                    throw new ProtocolError(name + ": the CRC-32C of what arrived differs from the source's");
                return got;
            } else {
                throw new ProtocolError("unexpected " + m.getClass().getSimpleName() + " inside file " + name);
            }
        }
    }

    /** Inflates a compressed chunk into {@link #unpacked()}; returns its length. */
    public int inflate(int rawLength, byte[] bytes, int length, String name) {
        if (rawLength < 0 || rawLength > unpacked.length) throw new ProtocolError("chunk too large");
        long n = Zstd.decompressByteArray(unpacked, 0, rawLength, bytes, 0, length);
        if (Zstd.isError(n) || n != rawLength) throw new ProtocolError("a compressed chunk of " + name + " is damaged");
        return (int) n;
    }

    public byte[] unpacked() {
        return unpacked;
    }
}
