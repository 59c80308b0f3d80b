/**
 * A small manager written against the engine's API. Being a named module that reads only {@code dev.cr.engine}, it
 * cannot compile against anything the engine does not export: the bindings, the image messages, the wire protocol.
 */
module dev.cr.examples.manager {
    requires dev.cr.engine;

    exports dev.cr.examples.manager;
}
