package dev.cr.engine.criu;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flag CRIU's log itself suggests ("Try --enable-external-masters", "Consider using --shell-job"), written as
 * cr's flag: CRIU's and cr's names differ for a few ("--enable-external-masters" is cr's {@code --ext-masters}),
 * and a person reading cr's error must be told what to type to cr, not to CRIU.
 *
 * @param criuFlag the flag as CRIU wrote it
 * @param crFlag   cr's flag for it, empty when cr has none
 * @param line     the log line that suggested it
 */
record CriuHint(String criuFlag, Optional<String> crFlag, String line) {
    private static final Pattern SUGGESTION = Pattern.compile("(?i)\\b(?:try|consider using|use|specify)\\s+(--[a-z][a-z0-9-]*)");

    /** CRIU's flags that cr's dump and restore commands pass on, by CRIU's name. */
    private static final Map<String, String> CR_FLAG = Map.ofEntries(
            Map.entry("--enable-external-masters", "--ext-masters"),
            Map.entry("--enable-external-sharing", "--ext-sharing"),
            Map.entry("--shell-job", "--shell-job"),
            Map.entry("--tcp-established", "--tcp-established"),
            Map.entry("--tcp-close", "--tcp-close"),
            Map.entry("--skip-in-flight", "--tcp-skip-in-flight"),
            Map.entry("--ext-unix-sk", "--ext-unix-sk"),
            Map.entry("--file-locks", "--file-locks"),
            Map.entry("--link-remap", "--link-remap"),
            Map.entry("--ghost-limit", "--ghost-limit"),
            Map.entry("--evasive-devices", "--evasive-devices"),
            Map.entry("--external", "--external"),
            Map.entry("--ext-mount-map", "--ext-mount-map"),
            Map.entry("--skip-mnt", "--skip-mnt"),
            Map.entry("--enable-fs", "--enable-fs"),
            Map.entry("--manage-cgroups", "--manage-cgroups"),
            Map.entry("--weak-sysctls", "--weak-sysctls"),
            Map.entry("--mntns-compat-mode", "--mntns-compat-mode"),
            Map.entry("--track-mem", "--track-mem"),
            Map.entry("--network-lock", "--network-lock"));

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
        return Optional.of(new CriuHint(flag, Optional.ofNullable(CR_FLAG.get(flag)), line));
    }

    /** The hint as a sentence for a person at cr's prompt. */
    String advice() {
        return crFlag.map(f -> "CRIU's log suggests " + f + " (cr dump/restore " + f + ")")
                .orElse("CRIU's log suggests its option " + criuFlag + ", which cr does not pass on yet");
    }
}
