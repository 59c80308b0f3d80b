package dev.cr.engine.criu;

/**
 * Hears CRIU's notifications during a dump, pre-dump or restore. It runs on the thread that called the
 * engine, while CRIU waits for it. Throwing makes CRIU abort the operation: after {@code post-dump} that
 * means the dumped tasks are resumed instead of killed, so a caller can keep the source alive until
 * something else (a transfer, a restore elsewhere) succeeded. The exception is attached to the failure.
 */
@FunctionalInterface
public interface NotifyListener {
    /**
     * Called at each notification; CRIU waits until it returns.
     *
     * @param notification what CRIU reached ("pre-dump", "post-dump", "network-lock", "post-restore"...) and the pid it
     *     names
     * @throws Exception to make CRIU abort the operation; the dump or restore then fails with this exception attached
     */
    void onNotification(Notification notification) throws Exception;
}
