package dev.cr.engine.migrate.source;

import dev.cr.engine.migrate.protocol.Message;
import dev.cr.engine.migrate.protocol.Wire;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the target's messages on a thread of its own while the source sends, so that a failure the target reports
 * mid-transfer (disk full, bad data) stops the sending at once and is reported in the target's words, instead of
 * surfacing later as a broken connection.
 */
public final class Replies {
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Message.Failure failure;

    private Replies() {}

    /**
     * Starts reading {@code wire}'s messages on a virtual thread; that thread is the connection's only reader from
     * now on.
     *
     * @param wire the connection to the target
     * @return the replies, to be read with {@link #next(Duration)}
     */
    public static Replies start(Wire wire) {
        Replies r = new Replies();
        Thread.ofVirtual().name("cr-migrate-replies").start(() -> {
            try {
                while (true) {
                    Message m = wire.receive();
                    if (m instanceof Message.Failure f) r.failure = f;
                    r.queue.add(m);
                }
            } catch (IOException e) {
                r.queue.add(e);
            } catch (RuntimeException e) {
                r.queue.add(new IOException(e.toString(), e));
            }
        });
        return r;
    }

    /**
     * Waits for the target's next message.
     *
     * @param timeout how long to wait
     * @return the message
     * @throws IOException the read's own exception when the connection failed (again on every later call), a
     *                     {@link java.net.SocketTimeoutException} when no message came in time, or an
     *                     {@link java.io.InterruptedIOException} when interrupted
     */
    public Message next(Duration timeout) throws IOException {
        Object o;
        try {
            o = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the target");
        }
        if (o == null) throw new java.net.SocketTimeoutException("no answer from the target in " + timeout.toSeconds() + " s");
        if (o instanceof IOException e) {
            queue.add(e); // every later call sees the same end
            throw e;
        }
        return (Message) o;
    }

    /** A failure the target reported, if any so far. */
    Optional<Message.Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits a little for a failure report that may be on its way (after a write to the target failed). */
    Optional<Message.Failure> awaitFailure(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (failure == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return failure();
    }

    /** Thrown by the sender when the target reported a failure mid-transfer. */
    public static final class TargetFailed extends IOException {
        /** The target's report, whose reason is this exception's message. */
        final Message.Failure failure;

        TargetFailed(Message.Failure failure) {
            super(failure.reason());
            this.failure = failure;
        }
    }

    /** Throws {@link TargetFailed} when the target reported a failure; called between chunks. */
    void check() throws TargetFailed {
        Message.Failure f = failure;
        if (f != null) throw new TargetFailed(f);
    }
}
