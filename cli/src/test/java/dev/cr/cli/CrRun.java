package dev.cr.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code cr} command as a user types it, with cr's error screen, output captured. */
record CrRun(int status, String out, String err) {
    static CrRun cr(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Cr.commandLine(args);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            Cli.report(ex, line.getErr(), false);
            return Cli.FAILED;
        });
        int status = cl.execute(args);
        return new CrRun(status, out.toString(), err.toString());
    }
}
