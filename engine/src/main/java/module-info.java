/**
 * cr's library: checkpoint, restore, inspect and migrate Linux process trees and LXC containers.
 * <p>
 * Exported are the API packages only. The wire protocol of a migration ({@code migrate.protocol}) and the post-copy
 * page stream ({@code migrate.postcopy}) are internal. The bindings ({@code dev.cr.ffm}) and the generated image
 * messages ({@code dev.cr.proto}) are read but not passed on: no exported signature carries an FFM or a generated
 * type, the crit-compatible {@code ImageEntry.message()} aside (hence {@code requires transitive} on the protobuf
 * runtime, whose {@code Message} it returns).
 */
module dev.cr.engine {
    requires dev.cr.ffm;
    requires dev.cr.proto;
    requires transitive com.google.protobuf;
    requires java.net.http;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;
    requires org.tukaani.xz;

    exports dev.cr.engine;
    exports dev.cr.engine.archive;
    exports dev.cr.engine.criu;
    exports dev.cr.engine.image;
    exports dev.cr.engine.lxc;
    exports dev.cr.engine.migrate;
    exports dev.cr.engine.migrate.source;
    exports dev.cr.engine.migrate.target;
    exports dev.cr.engine.migrate.trust;
    exports dev.cr.engine.registry;
    exports dev.cr.engine.stats;

    // cr's one JSON writer and reader: shared with the CLI, not an API for library callers
    exports dev.cr.engine.json to dev.cr.cli;
}
