package dev.cr.cli;

import dev.cr.engine.CrException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a command's output file whole or not at all: into a temporary file beside it, renamed
 * over the target only when writing succeeded, so a failure leaves no half-written file and
 * never clobbers an existing one.
 */
final class OutputFile {
    interface Body {
        void writeTo(OutputStream out) throws Exception;
    }

    private OutputFile() {}

    static void write(Path target, Body body) throws Exception {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new CrException("write of " + target, "cannot create a file in " + dir + " (" + e + ")",
                    "check that the directory exists and is writable");
        }
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more
                }
            }
        }
    }
}
