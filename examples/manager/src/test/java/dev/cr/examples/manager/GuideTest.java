package dev.cr.examples.manager;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/library.md shows only code that compiles: each of its Java blocks is, line for line, in GuideExamples. */
class GuideTest {
    private static final Path ROOT = Path.of(System.getenv().getOrDefault("CR_PROJECT_ROOT", "../.."));

    @Test
    void everyJavaBlockOfTheGuideIsCompiledCode() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/library.md"));
        String code = Files.readString(ROOT.resolve("examples/manager/src/main/java/dev/cr/examples/manager/GuideExamples.java"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(guide);
        while (m.find()) blocks.add(m.group(1));
        assertTrue(blocks.size() >= 6, "the guide has its six examples: " + blocks.size());
        for (String block : blocks) {
            String indented = block.lines().map(l -> l.isEmpty() ? l : "    " + l).reduce("", (a, l) -> a + l + "\n");
            assertTrue(code.contains(indented), "not in GuideExamples.java, or changed there:\n" + block);
        }
    }
}
