package dev.cr.cli;

import dev.cr.engine.criu.CriuFlag;

import java.util.Map;

/**
 * The engine's messages name an option as its API sets it ({@code shellJob(true)}, {@code withParents(true)},
 * {@code caCertificate(file)}), and a check as the API call that makes it: the engine describes the action, and does
 * not know which command its caller typed. A person at cr's prompt types flags and commands instead, so cr's error
 * output names them through this one table.
 */
final class OptionFlags {
    private OptionFlags() {}

    private static final Map<String, String> FLAG = Map.ofEntries(
            // cr dump, pre-dump, restore and migrate (DumpOptions, RestoreOptions): options with a value; the
            // yes/no ones are added from CriuFlag below
            Map.entry("ghostLimit(bytes)", "--ghost-limit BYTES"),
            Map.entry("external(resource)", "--external RES"),
            Map.entry("extMountMap(key, value)", "--ext-mount-map KEY:VAL"),
            Map.entry("skipMount(path)", "--skip-mnt PATH"),
            Map.entry("enableFs(type)", "--enable-fs FS"),
            Map.entry("manageCgroupsMode(mode)", "--manage-cgroups MODE"),
            Map.entry("networkLock(method)", "--network-lock METHOD"),
            Map.entry("networkLock(NFTABLES)", "--network-lock nftables"),
            // cr pack and cr push (PackOptions, Registry.push), cr push/pull (RegistryOptions)
            Map.entry("withParents(true)", "--with-parents"),
            Map.entry("caCertificate(file)", "--ca-cert FILE"),
            Map.entry("authFile(file)", "--authfile FILE"),
            // cr serve (ContainerPolicy)
            Map.entry("allowHooks(true)", "--allow-container-hooks"),
            Map.entry("allowOutsideRootfs(true)", "--allow-outside-rootfs"),
            // API calls a fix points to, and the command that shows the same
            Map.entry("Capabilities.ofThisProcess().missing()", "`cr check`"));

    /**
     * The yes/no options: cr's flag for each is {@code --} and CRIU's name ({@code CriuFlagOptionsTest} checks that
     * cr dump or cr restore offers it), but for orphan-pts-master, which no command offers and no message names.
     */
    private static final Map<String, String> YES_NO = yesNo();

    private static Map<String, String> yesNo() {
        Map<String, String> m = new java.util.HashMap<>();
        for (CriuFlag f : CriuFlag.values())
            if (f != CriuFlag.ORPHAN_PTS_MASTER) m.put(f.builderCall(), "--" + f.criuName());
        return Map.copyOf(m);
    }

    /** {@code text} with every option and call the table knows written as cr's flag or command; the rest as it is. */
    static String named(String text) {
        if (text == null) return null;
        for (Map.Entry<String, String> e : YES_NO.entrySet()) text = text.replace(e.getKey(), e.getValue());
        for (Map.Entry<String, String> e : FLAG.entrySet()) text = text.replace(e.getKey(), e.getValue());
        return text;
    }
}
