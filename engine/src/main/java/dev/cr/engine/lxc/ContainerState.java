package dev.cr.engine.lxc;

import java.util.Locale;

/** The states liblxc reports for a container ({@code lxc_container->state}). */
public enum ContainerState {
    /** Not running. */
    STOPPED,
    /** liblxc is starting it. */
    STARTING,
    /** Its init runs. */
    RUNNING,
    /** It is shutting down. */
    STOPPING,
    /** Its start failed and liblxc is tearing it down. */
    ABORTING,
    /** Its tasks are being frozen. */
    FREEZING,
    /** Its tasks are frozen. */
    FROZEN,
    /** Its frozen tasks were thawed. */
    THAWED;

    /** The state named by liblxc's string, for example {@code "RUNNING"}. */
    static ContainerState parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LxcException("reading a container state", "liblxc reported an unknown state: " + name, null);
        }
    }
}
