package dev.cr.engine.criu;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An option CRIU's log itself suggests ("Try --enable-external-masters", "Consider using --shell-job"), named as the
 * engine's option ({@code extMasters(true)}): CRIU's flag names are not what a caller of the engine (or of the CLI,
 * which names its own flags for these options) types.
 *
 * @param criuFlag the flag as CRIU wrote it
 * @param option   the engine's option for it (a {@link DumpOptions} or {@link RestoreOptions} builder call), empty
 *                 when the engine has none
 * @param line     the log line that suggested it
 */
record CriuHint(String criuFlag, Optional<String> option, String line) {
    private static final Pattern SUGGESTION = Pattern.compile("(?i)\\b(?:try|consider using|use|specify)\\s+(--[a-z][a-z0-9-]*)");

    /**
     * CRIU's options with a value that the engine's dump and restore options set, by CRIU's name; the yes/no ones are
     * {@link CriuFlag}s, which know their spelling on CRIU's command line and their builder call.
     */
    private static final Map<String, String> OPTION = Map.ofEntries(
            Map.entry("--ghost-limit", "ghostLimit(bytes)"),
            Map.entry("--external", "external(resource)"),
            Map.entry("--ext-mount-map", "extMountMap(key, value)"),
            Map.entry("--skip-mnt", "skipMount(path)"),
            Map.entry("--enable-fs", "enableFs(type)"),
            Map.entry("--manage-cgroups", "manageCgroupsMode(mode)"),
            Map.entry("--network-lock", "networkLock(method)"));

    /** The first flag an error line of the log suggests, else the first any line suggests. */
    static Optional<CriuHint> in(CriuLog log) {
        for (String l : log.errors()) {
            Optional<CriuHint> h = of(l);
            if (h.isPresent()) return h;
        }
        for (String l : log.lines()) {
            Optional<CriuHint> h = of(l);
            if (h.isPresent()) return h;
        }
        return Optional.empty();
    }

    static Optional<CriuHint> of(String line) {
        Matcher m = SUGGESTION.matcher(line);
        if (!m.find()) return Optional.empty();
        String flag = m.group(1).toLowerCase(java.util.Locale.ROOT);
        Optional<String> option = CriuFlag.byCommandLineOption(flag).map(CriuFlag::builderCall)
                .or(() -> Optional.ofNullable(OPTION.get(flag)));
        return Optional.of(new CriuHint(flag, option, line));
    }

    /** The hint as a sentence: the option to set, or CRIU's own flag when the engine does not pass it on. */
    String advice() {
        return option.map(o -> "CRIU's log suggests the option " + o)
                .orElse("CRIU's log suggests its option " + criuFlag + ", which cr does not pass on yet");
    }
}
