package dev.cr.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
