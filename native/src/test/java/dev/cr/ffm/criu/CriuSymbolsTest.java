package dev.cr.ffm.criu;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every function bound in {@link criu_h} resolves in the installed libcriu.so.2, with the same count as criu.h declares. */
class CriuSymbolsTest {
    @Test
    void everyBoundFunctionResolves() throws Exception {
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcriu.so.2"))) {
            if ("1".equals(System.getenv("CR_REQUIRE_CRIU"))) Assertions.fail("needs libcriu.so.2 (CR_REQUIRE_CRIU=1)");
            Assumptions.abort("needs libcriu.so.2 (apt-get install criu); skipped");
        }
        List<String> unresolved = new ArrayList<>();
        List<Method> addresses = Arrays.stream(criu_h.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().endsWith("$address")).toList();
        for (Method m : addresses) {
            try {
                MemorySegment addr = (MemorySegment) m.invoke(null);
                if (addr.equals(MemorySegment.NULL)) unresolved.add(m.getName());
            } catch (InvocationTargetException e) {
                unresolved.add(m.getName() + ": " + e.getCause());
            }
        }
        assertEquals(List.of(), unresolved);
        // every criu_local_* function of criu.h plus criu_notify_pid and criu_get_orphan_pts_master_fd
        String header = Files.readString(Path.of("/usr/include/criu/criu.h"));
        long declared = header.lines().filter(l -> l.matches("^(int|void) criu_local_\\w+\\(.*"))
                .map(l -> l.substring(0, l.indexOf('('))).distinct().count() + 2;
        assertEquals(declared, addresses.size(), "functions declared in criu.h vs bound");
        assertTrue(criu_h.libraryLoadError() == null);
    }
}
