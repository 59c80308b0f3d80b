package dev.cr.cli;

import dev.cr.engine.image.ImageException;
import dev.cr.engine.image.ImageJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cr encode}: crit's JSON back to the binary image. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Write the CRIU image that JSON from 'cr decode' or 'crit decode' describes.",
                "Reads FILE, or -i FILE, or standard input; writes -o FILE or standard output."})
public final class EncodeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the JSON file")
    Path file;

    @Option(names = {"-i", "--in"}, paramLabel = "FILE", description = "the JSON file (as crit's -i)")
    Path in;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the image to FILE (whole or not at all)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path source = file != null ? file : in;
        String name = source == null ? "stdin" : source.toString();
        byte[] jsonBytes = source == null ? System.in.readAllBytes() : read(source);
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(jsonBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ImageException("encode of " + name, name, -1, "JSON text (UTF-8)",
                    "binary data; is this an image already? decode it first", e);
        }
        byte[] image = ImageJson.encode(json, name);
        if (out != null) OutputFile.write(out, stream -> stream.write(image));
        else {
            System.out.write(image);
            System.out.flush();
        }
        return 0;
    }

    private static byte[] read(Path source) {
        try {
            return Files.readAllBytes(source);
        } catch (IOException e) {
            throw new ImageException("encode of " + source, source.toString(), -1, "a readable JSON file", e.toString(), e);
        }
    }
}
