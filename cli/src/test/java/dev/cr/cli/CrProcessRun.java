package dev.cr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cr command run as a process of its own (for the migration tests, inside a namespace host): its exit status
 * and what it printed. {@link CrRun} is the in-process runner for commands that need no host of their own.
 */
record CrProcessRun(int exit, String out, String err) {
    /** Runs {@code command} to its end, failing the test if it takes longer than {@code timeoutSeconds}. */
    static CrProcessRun of(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command.subList(0, Math.min(8, command.size())))
                + " finished within " + timeoutSeconds + " s");
        return new CrProcessRun(p.exitValue(), out, err.get());
    }

    /** A number of the {@code --json} report on standard output. */
    long field(String name) {
        return field(out, name);
    }

    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            return "";
        }
    }
}
