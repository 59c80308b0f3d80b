/**
 * The FFM bindings of cr: libcriu, liblxc and the few libc calls the engine needs, plus the task-named facades that
 * keep addresses out of the engine ({@code CriuRequest}, {@code LxcContainer}, {@code Posix}, {@code WorkerSpawn},
 * {@code MappedFiles}). Every package is exported to the engine only: no other module may call C
 * through cr, and the engine's callers never see a {@code MemorySegment}.
 */
module dev.cr.ffm {
    exports dev.cr.ffm.criu to dev.cr.engine;
    exports dev.cr.ffm.lxc to dev.cr.engine;
    exports dev.cr.ffm.libc to dev.cr.engine;
    exports dev.cr.ffm.io to dev.cr.engine;
}
