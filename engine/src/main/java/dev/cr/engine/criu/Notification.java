package dev.cr.engine.criu;

/**
 * One notification CRIU sends while it works.
 *
 * @param action CRIU's name of the step, like {@code "post-dump"} (see {@link #POST_DUMP} and the other constants)
 * @param pid    the pid of the root task when CRIU reports one (restore), else 0
 */
public record Notification(String action, int pid) {
    public static final String PRE_DUMP = "pre-dump";
    public static final String POST_DUMP = "post-dump";
    public static final String NETWORK_LOCK = "network-lock";
    public static final String NETWORK_UNLOCK = "network-unlock";
    public static final String SETUP_NAMESPACES = "setup-namespaces";
    public static final String POST_SETUP_NAMESPACES = "post-setup-namespaces";
    public static final String PRE_RESTORE = "pre-restore";
    public static final String POST_RESTORE = "post-restore";
    public static final String PRE_RESUME = "pre-resume";
    public static final String POST_RESUME = "post-resume";
}
