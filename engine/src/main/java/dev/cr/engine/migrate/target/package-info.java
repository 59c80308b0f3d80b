/** The target side of a migration: `cr serve`'s listener, which admits trusted sources, receives images and container trees, restores, and holds the restored tree until the source commits. */
package dev.cr.engine.migrate.target;
