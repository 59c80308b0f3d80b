package dev.cr.engine.lxc;

import java.nio.file.Path;

/**
 * One snapshot of a container.
 *
 * @param name      its name: the one given when it was taken, else liblxc's {@code snapN}
 * @param lxcName   liblxc's own name for it ({@code snapN})
 * @param timestamp when it was taken, as liblxc's text; null when liblxc gave none
 * @param directory where it lives (liblxc's copy of the filesystem, and the state of a stateful one)
 * @param stateful  whether it carries the running state, so that restoring it resumes the container
 */
public record Snapshot(String name, String lxcName, String timestamp, Path directory, boolean stateful) {
    /** {@return "(stateful)" or "(stateless)", as {@code cr lxc info} prints it} */
    public String kind() {
        return stateful ? "(stateful)" : "(stateless)";
    }
}
