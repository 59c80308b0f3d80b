package dev.cr.engine.lxc;

import java.util.Locale;

/** The states liblxc reports for a container ({@code lxc_container->state}). */
public enum ContainerState {
    STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED;

    /** The state named by liblxc's string, for example {@code "RUNNING"}. */
    static ContainerState parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LxcException("reading a container state", "liblxc reported an unknown state: " + name, null);
        }
    }
}
