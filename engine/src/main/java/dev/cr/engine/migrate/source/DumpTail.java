package dev.cr.engine.migrate.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the page files of a dump while CRIU is still writing them, so that the transfer overlaps the dump instead
 * of starting when the workload is already frozen and its images written. CRIU writes each {@code pages-*.img}
 * sequentially; this follows every such file in the images directory on a thread of its own and sends what each
 * holds beyond what was sent, as Parts. At the post-dump point {@link #stop()} ends that and hands what was sent
 * to {@link ImageSender}, which checks it against a fresh read and sends the rest.
 *
 * <p>Only the page files are followed: they are nearly all of the bytes, and the other images are small and some
 * are written in more than one go. The connection is used by this thread alone until {@link #stop()} returns.
 */
public final class DumpTail {
    /** Fewer new bytes than this wait for the next look (unless the dump is over): no frames of a few pages. */
    public static final long LEAST = 256 << 10;
    private static final long IDLE_NANOS = 3_000_000L;

    private final Path dir;
    private final ImageSender sender;
    private final Map<String, ImageSender.Sent> sent = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile IOException failure;

    private DumpTail(Path dir, ImageSender sender) {
        this.dir = dir;
        this.sender = sender;
        this.thread = Thread.ofPlatform().daemon().name("cr-migrate-dump-tail").unstarted(this::run);
    }

    /**
     * Starts following {@code dir}, where the dump is about to write, on a thread of its own.
     *
     * @param dir    the images directory of the dump
     * @param sender the sender whose connection carries the parts; nothing else may use it until {@link #stop()}
     * @return the running tail
     */
    public static DumpTail start(Path dir, ImageSender sender) {
        DumpTail t = new DumpTail(dir, sender);
        t.thread.start();
        return t;
    }

    private void run() {
        try {
            while (!stopping) {
                if (sendNewBytes() == 0) java.util.concurrent.locks.LockSupport.parkNanos(IDLE_NANOS);
            }
        } catch (IOException e) {
            failure = e; // reported by stop(), at the post-dump point, where a failure makes CRIU resume the tasks
        } catch (RuntimeException e) {
            failure = new IOException(e.toString(), e);
        }
    }

    private long sendNewBytes() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "pages-*.img")) {
            ds.forEach(pages::add);
        }
        pages.sort(null);
        long n = 0;
        for (Path f : pages) {
            String name = f.getFileName().toString();
            n += sender.sendParts(f, name, sent.computeIfAbsent(name, k -> new ImageSender.Sent()), LEAST);
        }
        if (n > 0) sender.flush();
        return n;
    }

    /**
     * Stops following, once the dump wrote everything, and waits for the tail's thread to end.
     *
     * @return what was sent of each file, by file name (only files of which something was sent), to hand to
     *         {@link ImageSender#sendIteration(Path, int, boolean, Map)}
     * @throws IOException the failure that stopped the sending early, if one did (the connection is then unusable),
     *                     or an {@link java.io.InterruptedIOException} when interrupted while waiting
     */
    public Map<String, ImageSender.Sent> stop() throws IOException {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while stopping the transfer during the dump");
        }
        if (failure != null) throw failure;
        Map<String, ImageSender.Sent> result = new LinkedHashMap<>();
        sent.forEach((name, s) -> {
            if (s.bytes > 0) result.put(name, s);
        });
        return result;
    }
}
