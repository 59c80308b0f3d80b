/**
 * CRIU's image entries as protobuf-java classes, generated from the {@code .proto} files of this module. Exported to
 * the engine, which reads and writes images with them, and to the protobuf runtime, which reflects on them.
 */
module dev.cr.proto {
    requires transitive com.google.protobuf;

    exports dev.cr.proto to dev.cr.engine, com.google.protobuf;
}
