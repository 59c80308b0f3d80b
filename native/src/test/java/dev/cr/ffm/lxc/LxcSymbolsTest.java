package dev.cr.ffm.lxc;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.FunctionDescriptor;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function bound in {@link lxccontainer_h} resolves in the installed liblxc.so.1, each with its descriptor and
 * handle (the shape {@code criu_h} has), and each is declared in {@code <lxc/lxccontainer.h>} under its C name.
 */
class LxcSymbolsTest {
    @Test
    void everyBoundFunctionResolvesAndIsInTheHeader() throws Exception {
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/liblxc.so.1")) || !Files.exists(Path.of(LxcLayoutTest.HEADER))) {
            String msg = "needs liblxc.so.1 and " + LxcLayoutTest.HEADER + " (apt-get install liblxc1 lxc-dev)";
            if ("1".equals(System.getenv("CR_REQUIRE_CRIU"))) Assertions.fail(msg + " (CR_REQUIRE_CRIU=1)");
            Assumptions.abort(msg + "; skipped");
        }
        String header = Files.readString(Path.of(LxcLayoutTest.HEADER));
        List<String> problems = new ArrayList<>();
        List<Method> addresses = Arrays.stream(lxccontainer_h.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().endsWith("$address")).toList();
        for (Method m : addresses) {
            String c = m.getName().substring(0, m.getName().length() - "$address".length());
            try {
                MemorySegment addr = (MemorySegment) m.invoke(null);
                if (addr.equals(MemorySegment.NULL)) problems.add(c + ": NULL");
                var desc = (FunctionDescriptor) lxccontainer_h.class.getMethod(c + "$descriptor").invoke(null);
                var handle = lxccontainer_h.class.getMethod(c + "$handle").invoke(null);
                if (desc == null || handle == null) problems.add(c + ": no descriptor or handle");
            } catch (InvocationTargetException e) {
                problems.add(c + ": " + e.getCause());
            }
            if (!header.matches("(?s).*\\b" + c + "\\(.*")) problems.add(c + ": not declared in " + LxcLayoutTest.HEADER);
        }
        assertEquals(List.of(), problems);
        assertEquals(6, addresses.size(), "the six functions cr calls outside struct lxc_container");
        assertNull(lxccontainer_h.libraryLoadError());
        assertTrue(lxccontainer_h.isAvailable());
    }
}
