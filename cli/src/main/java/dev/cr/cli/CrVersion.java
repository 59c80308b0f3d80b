package dev.cr.cli;

import picocli.CommandLine;

/** Prints cr's own version; the CRIU in use is reported by {@code cr check}. */
final class CrVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Cr.class.getPackage().getImplementationVersion();
        return new String[] {"cr " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.version")};
    }
}
