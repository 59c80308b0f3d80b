package dev.cr.engine.lxc;

import java.nio.file.Path;
import java.util.List;

/**
 * A container as {@code cr lxc info} shows it.
 *
 * @param name          the container's name
 * @param state         its state when it was looked up
 * @param initPid       the host pid of its init, -1 when it is stopped
 * @param directory     its directory, {@code <lxcpath>/<name>}
 * @param hasSavedState whether a stateful stop left its running state there ({@link Containers#stateDir})
 * @param snapshots     its snapshots, oldest first
 */
public record ContainerInfo(String name, ContainerState state, int initPid, Path directory, boolean hasSavedState,
                            List<Snapshot> snapshots) {}
