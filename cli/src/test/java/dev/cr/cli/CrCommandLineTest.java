package dev.cr.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line is built for what was typed: only the named subcommand, none for --version, all otherwise. */
class CrCommandLineTest {
    @Test
    void eachSubcommandIsListedUnderTheNameItsAnnotationGives() {
        for (Map.Entry<String, Class<?>> e : Cr.SUBCOMMANDS.entrySet())
            assertEquals(e.getKey(), e.getValue().getAnnotation(CommandLine.Command.class).name(), e.getValue().getName());
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        assertEquals(List.of("dump"), List.copyOf(Cr.commandLine("dump", "-t", "1", "-D", "x").getSubcommands().keySet()));
        assertEquals(List.of("lxc"), List.copyOf(Cr.commandLine("lxc", "restore", "n", "d").getSubcommands().keySet()));
        assertEquals(List.of(), List.copyOf(Cr.commandLine("--version").getSubcommands().keySet()));
        assertEquals(List.copyOf(Cr.SUBCOMMANDS.keySet()), List.copyOf(Cr.commandLine("--help").getSubcommands().keySet()));
        assertEquals(List.copyOf(Cr.SUBCOMMANDS.keySet()), List.copyOf(Cr.commandLine("help", "dump").getSubcommands().keySet()));
        assertEquals(List.copyOf(Cr.SUBCOMMANDS.keySet()), List.copyOf(Cr.commandLine("dupm").getSubcommands().keySet()));
        assertEquals(List.copyOf(Cr.SUBCOMMANDS.keySet()), List.copyOf(Cr.commandLine().getSubcommands().keySet()));
    }

    @Test
    void theUsageStillListsEverySubcommand() {
        CrRun r = CrRun.cr("--help");
        assertEquals(0, r.status());
        for (String name : List.of("check", "dump", "restore", "inspect", "lxc", "migrate"))
            assertEquals(true, r.out().contains("  " + name + " "), name + " in: " + r.out());
    }

    /** What was typed wrong is a usage error from picocli: the message, the usage, exit code 2; nothing runs. */
    @Test
    void migrateAndServeUsageErrorsExitWithTwo() {
        String fp = "00".repeat(32);
        Map<List<String>, String> cases = Map.of(
                List.of("migrate", "--pid", "1", "--fingerprint", fp), "say where to",
                List.of("migrate", "--to", "192.0.2.1:7443", "--fingerprint", fp), "say what to move",
                List.of("migrate", "--pid", "1", "--to", "192.0.2.1:x", "--fingerprint", fp), "--to takes HOST:PORT",
                List.of("migrate", "--pid", "1", "--to", "192.0.2.1:7443", "--fingerprint", "zz"), "not a SHA-256 fingerprint",
                List.of("migrate", "--pid", "1", "--to", "192.0.2.1:7443", "--fingerprint", fp, "--compress", "lz4"), "--compress takes zstd or none",
                List.of("migrate", "--pid", "1", "--to", "192.0.2.1:7443", "--fingerprint", fp, "--ghost-limit", "12X"), "--ghost-limit takes a size",
                List.of("migrate", "--lxc", "c1", "--to", "192.0.2.1:7443", "--fingerprint", fp, "--tcp-established"), "do not apply to a container",
                List.of("serve"), "no address to listen on",
                List.of("unpack", "--max-size", "lots", "a.tar", "out"), "--max-size takes a size");
        cases.forEach((args, message) -> {
            CrRun r = CrRun.cr(args.toArray(String[]::new));
            assertEquals(2, r.status(), args + ": " + r.err());
            assertTrue(r.err().contains(message) && r.err().contains("Usage: "), args + ": " + r.err());
        });
    }
}
