package dev.cr.engine.lxc;

import java.nio.file.Path;

/**
 * One snapshot of a container: its name (the one given when it was taken, else liblxc's {@code snapN}),
 * liblxc's own name for it, when it was taken, where it lives, and whether it carries the running state.
 */
public record Snapshot(String name, String lxcName, String timestamp, Path directory, boolean stateful) {
    /** "(stateful)" or "(stateless)", as {@code cr lxc info} prints it. */
    public String kind() {
        return stateful ? "(stateful)" : "(stateless)";
    }
}
