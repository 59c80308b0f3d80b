/**
 * LXC containers checkpointed and restored as a whole, through liblxc's migrate API (liblxc runs CRIU with the
 * container's namespaces, mounts and cgroups).
 *
 * <p>{@link dev.cr.engine.lxc.Containers} is the entry point for one lxcpath: look-up and state, checkpoint, pre-dump
 * and restore (with a step that runs while the container is frozen, or restored but not yet running), stateful
 * stop and start, and stateful snapshots. {@link dev.cr.engine.lxc.CheckpointOptions} says how to checkpoint;
 * {@link dev.cr.engine.lxc.ContainerInfo} and {@link dev.cr.engine.lxc.Snapshot} describe what exists. Every
 * operation needs root, liblxc ({@code liblxc1}) and a CRIU of at least 4.2; a failure is an
 * {@link dev.cr.engine.lxc.LxcException} with CRIU's log and the lines that matter, and a failed checkpoint leaves
 * the container running.
 *
 * <p>Each call opens the container through liblxc, does its work and releases it: nothing native outlives a call.
 */
package dev.cr.engine.lxc;
