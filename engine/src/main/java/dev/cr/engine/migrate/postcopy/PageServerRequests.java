package dev.cr.engine.migrate.postcopy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Follows what CRIU's lazy-pages daemon asks the page server, to know whether it ended its session properly.
 *
 * <p>The daemon sends only fixed-size requests: {@code struct page_server_iov}, {@code PS_IOV_GET} for pages and
 * {@code PS_IOV_CLOSE} when it has them all. Since CRIU 4.2 that is u32 cmd, 4 bytes of padding, u64 nr_pages,
 * u64 vaddr, u64 dst_id in host byte order: 32 bytes (CRIU 4.1 had a u32 nr_pages and 24 bytes, so the page
 * servers of 4.1 and 4.2 cannot talk to each other; cr needs 4.2 or later). CRIU's page server takes a bare end of file as a finished session too, and then kills the source's tasks:
 * so an end of file reaches it only when the last request was a close. Anything that is not such a request stream
 * (another command, a torn request at the end) counts as not closed.
 */
public final class PageServerRequests {
    /** {@code sizeof(struct page_server_iov)} on x86_64, CRIU 4.2 and later. */
    static final int REQUEST_BYTES = 32;
    /** criu/page-xfer.c: the command is in the low 16 bits, flags above. */
    static final int PS_IOV_GET = 7;
    static final int PS_IOV_CLOSE = 0x1023;
    static final int PS_IOV_FORCE_CLOSE = 0x1024;

    private final ByteBuffer partial = ByteBuffer.allocate(REQUEST_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;
    private boolean foreign;
    private long requests;

    /** Feeds bytes the daemon sent, in order. */
    public synchronized void accept(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            partial.put(b[off + i]);
            if (partial.hasRemaining()) continue;
            int cmd = partial.getInt(0) & 0xffff;
            partial.clear();
            requests++;
            if (closed || (cmd != PS_IOV_GET && cmd != PS_IOV_CLOSE && cmd != PS_IOV_FORCE_CLOSE)) foreign = true;
            if (cmd == PS_IOV_CLOSE || cmd == PS_IOV_FORCE_CLOSE) closed = true;
        }
    }

    /** Whether the daemon's last request closed the session, with nothing torn or unknown in the stream. */
    public synchronized boolean closedProperly() {
        return closed && !foreign && partial.position() == 0;
    }

    public synchronized long requests() {
        return requests;
    }
}
