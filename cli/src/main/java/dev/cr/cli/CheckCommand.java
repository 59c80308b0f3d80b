package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.CrException;
import dev.cr.engine.criu.Capabilities;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.CriuVersion;
import dev.cr.engine.criu.Features;
import dev.cr.engine.criu.PostCopySupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cr check}: which CRIU is used, whether it works on this kernel, and which features it has. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Show the CRIU in use, the kernel, which checkpoint features work here, and what the capabilities root lacks rule out (needs root).")
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--criu", paramLabel = "PATH", description = "The CRIU executable (default: $CR_CRIU, the provisioned one, PATH).")
    Path criuPath;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Cli.requireRoot("cr check");
        Criu criu = Criu.at(criuPath);
        CriuVersion version = criu.version();
        var lacking = Capabilities.ofThisProcess().missing();
        PrintWriter out = spec.commandLine().getOut();
        try {
            criu.check();
        } catch (CrException e) {
            // `criu check` fails without some capabilities (CAP_NET_ADMIN, for one): say which ones root lacks.
            if (lacking.isEmpty()) throw e;
            throw new CrException(e.operation(), "`criu check` failed, and root here lacks " + lacking.stream()
                    .map(n -> n.name() + ": " + n.rulesOut()).collect(java.util.stream.Collectors.joining("; ")),
                    "run cr where root has those capabilities (the log lines below show which one CRIU tripped on)",
                    e.logPath().orElse(null), e.logLines(), e);
        }
        Features features = criu.features();
        String kernel = System.getProperty("os.version");
        boolean recent = version.atLeast(CriuVersion.MINIMUM);
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("criu_version", version.toString());
            doc.put("criu_version_code", version.code());
            doc.put("criu_binary", criu.binary().toString());
            doc.put("criu_recent_enough", recent);
            doc.put("kernel", kernel);
            doc.put("features", features.asMap());
            PostCopySupport postCopy = PostCopySupport.here(features);
            var pc = new LinkedHashMap<String, Object>();
            pc.put("possible", postCopy.possible());
            pc.put("obstacles", postCopy.obstacles());
            pc.put("fix", postCopy.fix().orElse(null));
            doc.put("post_copy", pc);
            var missing = new LinkedHashMap<String, Object>();
            features.asMap().forEach((k, v) -> { if (!v) missing.put(k, Features.costOfMissing(k)); });
            doc.put("missing", missing);
            var caps = new LinkedHashMap<String, Object>();
            for (Capabilities.Needed n : lacking) caps.put(n.name(), n.rulesOut());
            doc.put("capabilities_missing", caps);
            out.print(JsonWriter.INDENTED.document(doc));
        } else {
            out.println("CRIU     " + version + " (" + criu.binary() + ")" + (recent ? "" : "  too old: cr needs " + CriuVersion.MINIMUM));
            out.println("kernel   " + kernel);
            out.println("check    passed");
            PostCopySupport postCopy = PostCopySupport.here(features);
            out.println("post-copy    " + postCopy.summary() + postCopy.fix().map(f -> "; fix: " + f).orElse(""));
            for (Map.Entry<String, Boolean> e : features.asMap().entrySet()) {
                out.printf("%-12s %s%n", e.getKey(), e.getValue() ? "yes" : "no   " + Features.costOfMissing(e.getKey()));
            }
            if (lacking.isEmpty()) out.println("capabilities  root has every one CRIU needs");
            for (Capabilities.Needed n : lacking)
                out.println("ruled out    " + n.rulesOut() + ": " + n.name() + " is missing");
        }
        out.flush();
        return recent ? 0 : 1;
    }
}
