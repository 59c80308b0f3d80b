/** The {@code cr} command: picocli commands over the engine's API. */
module dev.cr.cli {
    requires dev.cr.engine;
    requires info.picocli;

    // picocli sets the annotated option fields and reads the command classes by reflection.
    opens dev.cr.cli to info.picocli;
}
