package dev.cr.engine.criu;

import dev.cr.ffm.criu.CriuRequest;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * CRIU's yes/no options, each described once: its name (cr's flag, and CRIU's in most cases), its spelling on the
 * {@code criu} command line, the operations CRIU accepts it on, and the libcriu setter that passes it. {@link DumpOptions} and
 * {@link RestoreOptions} hold a set of these; {@code CriuCall} applies each one in the set through its setter. A new yes/no option is one constant here
 * (and its flag in the CLI); callers set it with {@code builder.set(CriuFlag.X, true)} and read it with
 * {@code options.has(CriuFlag.X)}.
 */
public enum CriuFlag {
    /** {@code --leave-running}: resume the tasks after the dump instead of killing them. */
    LEAVE_RUNNING("leave-running", Use.DUMP, CriuRequest::setLeaveRunning),
    /** {@code --shell-job}: the tree is attached to a terminal (restore needs it too). */
    SHELL_JOB("shell-job", Use.BOTH, CriuRequest::setShellJob),
    /** {@code --tcp-established}: checkpoint (and restore) established TCP connections. */
    TCP_ESTABLISHED("tcp-established", Use.BOTH, CriuRequest::setTcpEstablished),
    /** {@code --tcp-skip-in-flight}: leave out TCP connections still being set up. */
    TCP_SKIP_IN_FLIGHT("tcp-skip-in-flight", "--skip-in-flight", Use.DUMP, CriuRequest::setTcpSkipInFlight),
    /** {@code --tcp-close}: close established TCP connections instead of dumping them. */
    TCP_CLOSE("tcp-close", Use.BOTH, CriuRequest::setTcpClose),
    /** {@code --ext-unix-sk}: allow unix sockets connected to processes outside the tree. */
    EXT_UNIX_SK("ext-unix-sk", Use.BOTH, CriuRequest::setExtUnixSk),
    /** {@code --file-locks}: dump and restore file locks. */
    FILE_LOCKS("file-locks", Use.BOTH, CriuRequest::setFileLocks),
    /** {@code --link-remap}: allow linking deleted-but-open files back in place. */
    LINK_REMAP("link-remap", Use.DUMP, CriuRequest::setLinkRemap),
    /** {@code --evasive-devices}: find devices by path if their number changed. */
    EVASIVE_DEVICES("evasive-devices", Use.BOTH, CriuRequest::setEvasiveDevices),
    /** {@code --auto-ext-mnt}: mounts from outside the mount namespace become external. */
    AUTO_EXT_MNT("auto-ext-mnt", "--ext-mount-map=auto", Use.DUMP, CriuRequest::setAutoExtMnt),
    /** {@code --ext-sharing}: allow external mounts with sharing. */
    EXT_SHARING("ext-sharing", "--enable-external-sharing", Use.BOTH, CriuRequest::setExtSharing),
    /** {@code --ext-masters}: allow external mounts with master peers. */
    EXT_MASTERS("ext-masters", "--enable-external-masters", Use.BOTH, CriuRequest::setExtMasters),
    /** {@code --track-mem}: start memory change tracking (needs a kernel with soft-dirty). */
    TRACK_MEM("track-mem", Use.DUMP, CriuRequest::setTrackMem),
    /** {@code --auto-dedup}: punch holes in parent images for pages dumped (or restored) again. */
    AUTO_DEDUP("auto-dedup", Use.BOTH, CriuRequest::setAutoDedup),
    /** {@code --orphan-pts-master}: let CRIU hand over the master side of an orphaned pseudo-terminal. */
    ORPHAN_PTS_MASTER("orphan-pts-master", null, Use.DUMP, CriuRequest::setOrphanPtsMaster),
    /** {@code --weak-sysctls}: skip sysctls the kernel does not have. */
    WEAK_SYSCTLS("weak-sysctls", Use.BOTH, CriuRequest::setWeakSysctls),
    /** {@code --mntns-compat-mode}: the older mount engine; CRIU refuses it on any action but restore. */
    MNTNS_COMPAT_MODE("mntns-compat-mode", Use.RESTORE, CriuRequest::setMntnsCompatMode);

    /** The operations CRIU accepts an option on. */
    enum Use { DUMP, RESTORE, BOTH }

    private final String criuName;
    private final String commandLineOption;
    private final Use use;
    private final BiConsumer<CriuRequest, Boolean> setter;

    /** An option the {@code criu} command spells as {@code --criuName}. */
    CriuFlag(String criuName, Use use, BiConsumer<CriuRequest, Boolean> setter) {
        this(criuName, "--" + criuName, use, setter);
    }

    /** An option the {@code criu} command spells otherwise ({@code commandLineOption}), or lacks (null). */
    CriuFlag(String criuName, String commandLineOption, Use use, BiConsumer<CriuRequest, Boolean> setter) {
        this.criuName = criuName;
        this.commandLineOption = commandLineOption;
        this.use = use;
        this.setter = setter;
    }

    /**
     * {@return the option's name without the dashes ({@code leave-running})}: cr's flag for it, the name a migration's
     * restore flags carry, and, for most options, CRIU's own (see {@link #commandLineOption()} for the others)
     */
    public String criuName() {
        return criuName;
    }

    /**
     * The option as the {@code criu} command takes it, for the commands cr runs rather than calling libcriu (post-copy's
     * lazy dump and restore). It differs from {@code --}{@link #criuName()} for a few: {@code --skip-in-flight},
     * {@code --ext-mount-map=auto}, {@code --enable-external-sharing}, {@code --enable-external-masters}.
     *
     * @return the option with its dashes, or empty for one only libcriu has ({@code orphan-pts-master})
     */
    public Optional<String> commandLineOption() {
        return Optional.ofNullable(commandLineOption);
    }

    /** {@return whether CRIU takes this option when dumping (and pre-dumping)} */
    public boolean onDump() {
        return use != Use.RESTORE;
    }

    /** {@return whether CRIU takes this option when restoring} */
    public boolean onRestore() {
        return use != Use.DUMP;
    }

    /**
     * The flag CRIU calls {@code name}.
     *
     * @param name CRIU's name of the option, without the dashes ({@code tcp-established})
     * @return the flag, or empty when cr has no yes/no option of that name
     */
    public static Optional<CriuFlag> byCriuName(String name) {
        for (CriuFlag f : values()) if (f.criuName.equals(name)) return Optional.of(f);
        return Optional.empty();
    }

    /**
     * The flag the {@code criu} command spells as {@code option}.
     *
     * @param option the option with its dashes, as CRIU writes it in its log ({@code --skip-in-flight})
     * @return the flag, or empty when cr has no yes/no option CRIU spells so
     */
    public static Optional<CriuFlag> byCommandLineOption(String option) {
        for (CriuFlag f : values()) if (option.equals(f.commandLineOption)) return Optional.of(f);
        return Optional.empty();
    }

    /**
     * {@return the builder call that turns it on, as the engine's messages name an option ({@code shellJob(true)})}:
     * the named shorthand of {@link DumpOptions.Builder} and {@link RestoreOptions.Builder}, the constant's name in
     * camel case
     */
    public String builderCall() {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.append("(true)").toString();
    }

    /** Sets the option on a libcriu request. */
    void applyTo(CriuRequest request) {
        setter.accept(request, true);
    }
}
