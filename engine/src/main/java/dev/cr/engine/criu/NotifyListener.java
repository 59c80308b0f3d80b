package dev.cr.engine.criu;

/**
 * Hears CRIU's notifications during a dump, pre-dump or restore. It runs on the thread that called the
 * engine, while CRIU waits for it. Throwing makes CRIU abort the operation: after {@code post-dump} that
 * means the dumped tasks are resumed instead of killed, so a caller can keep the source alive until
 * something else (a transfer, a restore elsewhere) succeeded. The exception is attached to the failure.
 */
@FunctionalInterface
public interface NotifyListener {
    void onNotification(Notification notification) throws Exception;
}
