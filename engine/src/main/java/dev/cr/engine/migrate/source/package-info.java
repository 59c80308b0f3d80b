/** The source side of a migration: checkpoints the workload (a process tree or an LXC container), streams its images and, for a container, its directory tree to the target, and decides the commit. */
package dev.cr.engine.migrate.source;
