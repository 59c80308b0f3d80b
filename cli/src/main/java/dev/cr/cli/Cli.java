package dev.cr.cli;

import dev.cr.engine.CrException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Runs a picocli command with cr's error handling: a {@link CrException} prints the operation,
 * the cause, the fix (with the engine's options named as cr's flags) and the log path, without a stack trace unless
 * {@code --debug} is given.
 */
public final class Cli {
    /** Exit code for a failed operation (as opposed to 2, a usage error). */
    public static final int FAILED = 1;

    private Cli() {}

    public static int execute(Object command, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug") || System.getenv("CR_DEBUG") != null;
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cl = command instanceof Cr ? Cr.commandLine(rest) : new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            report(ex, line.getErr(), debug);
            return FAILED;
        });
        return cl.execute(rest);
    }

    /** Commands that checkpoint or restore call this first: without root they fail in one line (the engine's check, by uid). */
    public static void requireRoot(String operation) {
        dev.cr.engine.criu.Criu.requireRoot(operation);
    }

    /**
     * Runs {@code parse}, which reads what the person typed; a bad value (an IllegalArgumentException, or a
     * CrException from the engine's own parser) becomes a usage error of the command: picocli prints it with the
     * usage, and cr exits with 2.
     */
    static <T> T usage(CommandLine.Model.CommandSpec spec, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (CrException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.cause() + e.fix().map(f -> "; " + f).orElse(""), e);
        }
    }

    /** An enumerated value given to {@code option}, parsed by {@code parse}; a bad one is an IllegalArgumentException naming the option. */
    static <T> T choice(String option, String s, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + s + "'");
        }
    }

    static void report(Exception ex, PrintWriter err, boolean debug) {
        if (ex instanceof CrException e) {
            // Operations named after a command ("cr check") would read "cr: cr check failed".
            String op = e.operation().startsWith("cr ") ? e.operation().substring(3) : e.operation();
            err.println("cr: " + op + " failed: " + OptionFlags.named(e.cause()));
            e.fix().ifPresent(f -> err.println("fix: " + OptionFlags.named(f)));
            if (!e.logLines().isEmpty()) {
                err.println("from the log:");
                e.logLines().stream().limit(20).forEach(l -> err.println("  " + l));
            }
            e.logPath().ifPresent(p -> err.println("log: " + p));
        } else {
            err.println("cr: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            if (!debug) err.println("(run with --debug for the stack trace)");
        }
        if (debug) ex.printStackTrace(err);
        err.flush();
    }
}
