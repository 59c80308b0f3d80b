package dev.cr.engine.criu;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The names a {@link CriuFlag} derives for others: the builder call the engine's messages name (cr's error screen and
 * CRIU's log hints turn it into flags), and the lookup by CRIU's command-line spelling.
 */
class CriuFlagTest {
    @Test
    void everyBuilderCallIsTheShorthandThatTurnsTheFlagOn() throws Exception {
        for (CriuFlag f : CriuFlag.values()) {
            String call = f.builderCall();
            assertTrue(call.endsWith("(true)"), call);
            String method = call.substring(0, call.length() - "(true)".length());
            if (f.onDump()) {
                Method m = DumpOptions.Builder.class.getMethod(method, boolean.class);
                DumpOptions o = ((DumpOptions.Builder) m.invoke(DumpOptions.builder(1, Path.of("/x")), true)).build();
                assertEquals(java.util.Set.of(f), o.flags(), call + " on dump");
            }
            if (f.onRestore()) {
                Method m = RestoreOptions.Builder.class.getMethod(method, boolean.class);
                RestoreOptions o = ((RestoreOptions.Builder) m.invoke(RestoreOptions.builder(Path.of("/x")), true)).build();
                assertEquals(java.util.Set.of(f), o.flags(), call + " on restore");
            }
        }
        assertEquals("tcpSkipInFlight(true)", CriuFlag.TCP_SKIP_IN_FLIGHT.builderCall());
    }

    @Test
    void aFlagIsFoundByItsSpellingOnCriusCommandLine() {
        for (CriuFlag f : CriuFlag.values())
            f.commandLineOption().ifPresent(o -> assertEquals(Optional.of(f), CriuFlag.byCommandLineOption(o), o));
        assertEquals(Optional.of(CriuFlag.TCP_SKIP_IN_FLIGHT), CriuFlag.byCommandLineOption("--skip-in-flight"));
        assertEquals(Optional.empty(), CriuFlag.byCommandLineOption("--tcp-skip-in-flight"), "cr's name, not CRIU's");
        assertEquals(Optional.empty(), CriuFlag.byCommandLineOption("--orphan-pts-master"), "the criu command lacks it");
    }
}
