package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cr also runs as named modules ({@code java -p ... -m dev.cr.cli}), and there only the bindings call C. With native
 * access granted to {@code dev.cr.ffm} alone and every other native access denied, {@code cr check} (libcriu, a
 * CRIU worker started with posix_spawn) and {@code cr inspect} (mapped pages) work: a restricted method called from
 * the engine or the CLI would end them with an IllegalCallerException. Without the grant, the first libcriu call
 * fails: the check can fail. ({@code ./cr} runs the jar on the class path, where ALL-UNNAMED is granted.)
 */
class ModulePathTest {
    /** The main classes of the modules and the libraries they read; no test classes, no test libraries. */
    private static final Pattern RUNTIME = Pattern.compile(
            ".*/(native|proto|engine|cli)/target/classes|.*/cr-(native|proto|engine)-[0-9][^/]*-SNAPSHOT\\.jar"
            + "|.*/(protobuf-java|commons-compress|commons-io|commons-lang3|commons-codec|zstd-jni|xz|picocli)-[0-9][^/]*\\.jar");

    @Test
    void onlyTheBindingsCallC() throws Exception {
        Requirements.criu();
        CrProcessRun check = run(true, "check", "--json");
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.out().contains("\"criu_version\""), check.out());
        CrProcessRun inspect = run(true, "inspect", Requirements.projectRoot().resolve("testdata/sleeping-shell").toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("2 processes"), inspect.out());
    }

    @Test
    void withoutTheGrantNoCCallRuns() throws Exception {
        Requirements.criu();
        CrProcessRun check = run(false, "check");
        assertNotEquals(0, check.exit(), check.out());
    }

    private static CrProcessRun run(boolean grant, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String modulePath = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> RUNTIME.matcher(e.replace('\\', '/')).matches())
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(modulePath.contains("engine") && modulePath.contains("native"), "the engine and the bindings are on the module path: " + modulePath);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--illegal-native-access=deny", "-XX:-UsePerfData"));
        if (grant) cmd.add("--enable-native-access=dev.cr.ffm");
        cmd.addAll(List.of("-p", modulePath, "-m", "dev.cr.cli/dev.cr.cli.Cr"));
        cmd.addAll(List.of(args));
        return CrProcessRun.of(cmd, 120);
    }
}
