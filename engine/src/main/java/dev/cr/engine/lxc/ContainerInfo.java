package dev.cr.engine.lxc;

import java.nio.file.Path;
import java.util.List;

/**
 * A container as {@code cr lxc info} shows it: its state, the host pid of its init (-1 when not running), its
 * directory, whether a stateful stop left its running state there, and its snapshots.
 */
public record ContainerInfo(String name, ContainerState state, int initPid, Path directory, boolean hasSavedState,
                            List<Snapshot> snapshots) {}
