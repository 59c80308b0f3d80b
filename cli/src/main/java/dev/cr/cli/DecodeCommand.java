package dev.cr.cli;

import dev.cr.engine.image.ImageFile;
import dev.cr.engine.image.ImageJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cr decode}: an image file as crit's JSON. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Print a CRIU image file as JSON, in the shape of 'crit decode' (magic, entries, proto field names).",
                "Reads FILE, or -i FILE, or standard input."})
public final class DecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the image file")
    Path file;

    @Option(names = {"-i", "--in"}, paramLabel = "FILE", description = "the image file (as crit's -i)")
    Path in;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the JSON to FILE instead of standard output")
    Path out;

    @Option(names = "--pretty", description = "indent, and show addresses in hex, flags and device numbers as words (as crit --pretty)")
    boolean pretty;

    @Option(names = "--nopl", description = "leave out the data that follows entries (pipe, socket, TCP, IPC contents), show its size (as crit --nopl)")
    boolean noPayload;

    @Override
    public Integer call() throws Exception {
        Path source = file != null ? file : in;
        if (out != null) {
            OutputFile.write(out, stream -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
                decode(source, w);
                w.flush();
            });
            return 0;
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        decode(source, w);
        w.write('\n'); // crit ends its standard output with a newline, not its files
        w.flush();
        return 0;
    }

    private void decode(Path source, Writer w) {
        if (source == null) {
            try (ImageFile image = ImageFile.open(System.in, "stdin", -1)) {
                ImageJson.decode(image, w, pretty, noPayload);
            }
        } else {
            // A link the person named is followed: the readers refuse links found inside directories, not this one.
            try (ImageFile image = ImageFile.open(named(source))) {
                ImageJson.decode(image, w, pretty, noPayload);
            }
        }
    }

    private static Path named(Path file) {
        try {
            return java.nio.file.Files.isSymbolicLink(file) ? file.toRealPath() : file;
        } catch (java.io.IOException e) {
            return file; // the reader says what is wrong with it
        }
    }
}
