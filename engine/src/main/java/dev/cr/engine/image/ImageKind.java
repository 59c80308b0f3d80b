package dev.cr.engine.image;

import com.google.protobuf.Message;
import dev.cr.proto.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of CRIU image file: the magic number that opens each file, the protobuf message its
 * entries hold, and the extra payload that follows an entry in some of them. Magic values are
 * those of CRIU 4.2.1 (criu/include/magic.h, also listed by pycriu's magic table); the names are
 * the ones crit prints in its JSON {@code "magic"} key.
 *
 * <p>Files such as {@code pages-N.img} carry no magic at all: they are {@link #RAW}.
 */
public enum ImageKind {
    /** {@code inventory.img}: the image format version, the root task's ids and the dump's options; the first file a restore reads. */
    INVENTORY(1479618838, Header.NONE),
    /** {@code pstree.img}: one entry per process, with its pid, parent, process group, session and threads. */
    PSTREE(1344745520),
    /** {@code fdinfo-N.img}: the file descriptors of one process, each pointing to an entry in the files image. */
    FDINFO(1445017394),
    /** First entry {@code pagemap_head}, then {@code pagemap_entry}s. */
    PAGEMAP(1443381285),
    /** {@code core-PID.img}: one task's registers, signal mask, scheduling policy, personality and thread state. */
    CORE(1426405447),
    /** {@code ids-PID.img}: the kernel-object ids (namespaces, files table, fs, sighand, mm) one task shares with others. */
    IDS(1413685296),
    /** {@code vmas-PID.img}: one process's memory areas in old dumps; newer CRIU writes them into the mm image. */
    VMAS(1410479927),
    /** {@code pipes.img}: the pipes open in the dumped tree. */
    PIPES(1448162645),
    /** {@code pipes-data.img}: the bytes buffered in those pipes at dump time. */
    PIPES_DATA(1447376649, Extra.PIPE_DATA),
    /** {@code fifo.img}: named pipes (FIFOs) open in the dumped tree. */
    FIFO(1479952697),
    /** {@code fifo-data.img}: the bytes buffered in those FIFOs at dump time. */
    FIFO_DATA(1496526932, Extra.PIPE_DATA),
    /** {@code sigacts-PID.img}: one process's signal handlers, one entry per signal. */
    SIGACT(1429488129),
    /** {@code unixsk.img}: Unix domain sockets, with their state, name and peer. */
    UNIXSK(1412905283),
    /** {@code inetsk.img}: IPv4 and IPv6 sockets, with family, protocol, state, addresses and ports. */
    INETSK(1447311441),
    /** {@code packetsk.img}: AF_PACKET sockets. */
    PACKETSK(1615152664),
    /** {@code itimers-PID.img}: one process's interval timers (real, virtual, prof). */
    ITIMERS(1464221782),
    /** {@code posix-timers-PID.img}: one process's POSIX timers ({@code timer_create}). */
    POSIX_TIMERS(1382037847),
    /** {@code sk-queues.img}: packets queued on sockets at dump time, their bytes following each entry. */
    SK_QUEUES(1445347366, Extra.SK_QUEUE),
    /** {@code utsns-N.img}: the host name and domain name of a UTS namespace. */
    UTSNS(1413952003),
    /** {@code creds-PID.img}: one task's user and group ids, capabilities and securebits. */
    CREDS(1409430855),
    /** {@code ipcns-var-N.img}: the limits and counters (sysctls) of an IPC namespace. */
    IPC_VAR(1393643527),
    /** {@code ipcns-shm-N.img}: System V shared memory segments, each followed by its contents. */
    IPCNS_SHM(1177038916, Extra.IPC_SHM),
    /** {@code ipcns-msg-N.img}: System V message queues, each followed by its messages. */
    IPCNS_MSG(1430599479, Extra.IPC_MSG),
    /** {@code ipcns-sem-N.img}: System V semaphore sets, each followed by its values. */
    IPCNS_SEM(1498886169, Extra.IPC_SEM),
    /** {@code reg-files.img}: regular files open or mapped in the dumped tree: path, flags, position, size. */
    REG_FILES(1345730102),
    /** {@code ext-files.img}: files handled by a CRIU plugin rather than by CRIU itself. */
    EXT_FILES(1495619137),
    /** {@code fs-PID.img}: one process's current and root directories and umask. */
    FS(1363163410),
    /** {@code mm-PID.img}: one process's address-space layout: its memory areas, the heap and stack bounds, the auxv. */
    MM(1464412192),
    /** {@code remap-fpath.img}: how to reach files that were deleted or linked elsewhere while open. */
    REMAP_FPATH(1494432084),
    /** First entry {@code ghost_file_entry}; then either chunks ({@code ghost_chunk_entry} + data) or the whole content. */
    GHOST_FILE(1381512709, Extra.GHOST),
    /** {@code tcp-stream-N.img}: the state of one established TCP connection (sequence numbers, window, options), then its queued bytes. */
    TCP_STREAM(1363563782, Extra.TCP_QUEUES),
    /** {@code eventfd.img}: eventfd file descriptors and their counters. */
    EVENTFD_FILE(1146238754),
    /** {@code eventpoll.img}: epoll instances. */
    EVENTPOLL_FILE(1157773400),
    /** {@code eventpoll-tfd.img}: the descriptors each epoll instance watches, in old dumps. */
    EVENTPOLL_TFD(1145255750),
    /** {@code signalfd.img}: signalfd file descriptors and their signal masks. */
    SIGNALFD(1462908960),
    /** {@code inotify.img}: inotify instances. */
    INOTIFY_FILE(1212302385),
    /** {@code inotify-wd.img}: the watches of inotify instances, in old dumps. */
    INOTIFY_WD(1414930441),
    /** {@code mountpoints-N.img}: the mounts of one mount namespace. */
    MNTS(1431714088),
    /** {@code netdev-N.img}: the network devices of one network namespace. */
    NETDEV(1463236945),
    /** {@code netns-N.img}: the sysctls and other settings of one network namespace. */
    NETNS(1435711314),
    /** {@code tty.img}: terminals open in the dumped tree. */
    TTY_FILES(1497575461),
    /** {@code tty-info.img}: the settings (termios, window size, session) of those terminals. */
    TTY_INFO(1497706550),
    /** {@code tty-data.img}: bytes waiting in terminals' queues at dump time. */
    TTY_DATA(1497444390),
    /** {@code filelocks.img}: POSIX, flock and OFD file locks held by the dumped tree. */
    FILE_LOCKS(1412576790),
    /** {@code rlimit-PID.img}: one process's resource limits, in old dumps; newer CRIU keeps them in the core image. */
    RLIMIT(1460746533),
    /** {@code fanotify.img}: fanotify instances. */
    FANOTIFY_FILE(1426678050),
    /** {@code fanotify-mark.img}: the marks of fanotify instances. */
    FANOTIFY_MARK(1448108085),
    /** {@code signal-p-PID.img} and {@code signal-s-PID.img}: signals pending on a process or one of its threads at dump time. */
    SIGNAL(1495619143),
    /** {@code netlinksk.img}: netlink sockets. */
    NETLINK_SK(1476417044),
    /** {@code ns-files.img}: open namespace files ({@code /proc/PID/ns/*}). */
    NS_FILES(1631141905),
    /** {@code tunfile.img}: open tun/tap devices. */
    TUNFILE(1460942673),
    /** {@code cgroup.img}: the cgroup sets of the dumped tasks and the controllers' settings. */
    CGROUP(1496855344),
    /** {@code timerfd.img}: timerfd file descriptors with their clocks and settings. */
    TIMERFD(1346975506),
    /** {@code cpuinfo.img}: the CPU features of the dumping host, checked against the restoring one. */
    CPUINFO(1631600659),
    /** {@code userns-N.img}: the uid and gid maps of a user namespace. */
    USERNS(1430735110),
    /** {@code seccomp.img}: the seccomp filters of the dumped tasks. */
    SECCOMP(1681993801),
    /** {@code binfmt-misc.img}: binfmt_misc registrations of a mount namespace. */
    BINFMT_MISC(1731474211),
    /** {@code autofs.img}: autofs mounts. */
    AUTOFS(1228224835),
    /** {@code files.img}: every open file of the dumped tree, one entry per file description, whatever its type. */
    FILES(1445998904),
    /** {@code memfd.img}: memfd files ({@code memfd_create}) and their seals. */
    MEMFD_INODE(1212495001),
    /** {@code timens-N.img}: the clock offsets of a time namespace. */
    TIMENS(1125205043),
    /** {@code pidns-N.img}: a pid namespace's settings. */
    PIDNS(1628795686),
    /** {@code bpfmap-file.img}: open BPF maps. */
    BPFMAP_FILE(1464885570),
    /** {@code bpfmap-data.img}: the keys and values of those BPF maps. */
    BPFMAP_DATA(1681014835, Extra.BPFMAP_DATA),
    /** {@code apparmor.img}: AppArmor namespaces and profiles the tasks used. */
    APPARMOR(1497509959),
    /** {@code pidfd.img}: pidfd file descriptors and the processes they refer to. */
    PIDFD(1413698902),
    /** {@code stats-dump} and {@code stats-restore}: CRIU's timings and page counts; not needed to restore. */
    STATS(1460220678, Header.SERVICE),
    /** {@code irmap-cache.img}: CRIU's cache of inode-to-path look-ups; not needed to restore. */
    IRMAP_CACHE(1459634265, Header.SERVICE),
    /** Raw data without magic or entries: pages-N.img, network dumps, tmpfs tarballs. */
    RAW(0, Header.NONE);

    /** The first magic of every image but the inventory (CRIU images v1.1): a common image... */
    public static final int COMMON_MAGIC = 1414939417;
    /** ...or a service image (statistics, irmap cache), not needed to restore. */
    public static final int SERVICE_MAGIC = 1427134784;

    /** What precedes the image's own magic in the file. */
    public enum Header {
        /** Only the image magic (the inventory, the first file CRIU reads). */
        NONE,
        /** {@link #COMMON_MAGIC}, then the image magic. */
        COMMON,
        /** {@link #SERVICE_MAGIC}, then the image magic. */
        SERVICE
    }

    /** Bytes that follow an entry's payload in some images, their length told by the entry. */
    public enum Extra {
        /** Nothing: the next entry follows at once. */
        NONE,
        /** pipe_data_entry.bytes bytes of pipe content. */
        PIPE_DATA,
        /** sk_packet_entry.length bytes of one queued packet. */
        SK_QUEUE,
        /** tcp_stream_entry.inq_len bytes of the receive queue, then outq_len of the send queue. */
        TCP_QUEUES,
        /** bpfmap_data_entry.keys_bytes + values_bytes. */
        BPFMAP_DATA,
        /** ipc_sem_entry.nsems u16 values, padded to 8 bytes. */
        IPC_SEM,
        /** ipc_shm_entry.size bytes of segment, padded to 4 bytes. */
        IPC_SHM,
        /** ipc_msg_entry.qnum messages, each a size-prefixed ipc_msg then msize bytes padded to 8. */
        IPC_MSG,
        /** Ghost file content: after each ghost_chunk_entry its len bytes, or without chunks the rest of the file. */
        GHOST
    }

    private static final Map<Integer, ImageKind> BY_MAGIC = new HashMap<>();
    private static final Map<String, ImageKind> BY_NAME = new HashMap<>();

    static {
        for (ImageKind k : values()) {
            if (k != RAW) BY_MAGIC.put(k.magic, k);
            BY_NAME.put(k.name(), k);
        }
    }

    private final int magic;
    private final Header header;
    private final Extra extra;

    ImageKind(int magic) {
        this(magic, Header.COMMON, Extra.NONE);
    }

    ImageKind(int magic, Extra extra) {
        this(magic, Header.COMMON, extra);
    }

    ImageKind(int magic, Header header) {
        this(magic, header, Extra.NONE);
    }

    ImageKind(int magic, Header header, Extra extra) {
        this.magic = magic;
        this.header = header;
        this.extra = extra;
    }

    /**
     * The image's own magic number.
     *
     * @return the second magic of a v1.1 file (the first of the inventory); 0 for {@link #RAW}
     */
    public int magic() { return magic; }

    /**
     * What precedes the image magic.
     *
     * @return {@link Header#NONE} for the inventory and raw files, {@link Header#SERVICE} for statistics and the
     *         irmap cache, {@link Header#COMMON} for the rest
     */
    public Header header() { return header; }

    /**
     * The extra payload that follows entries of this kind.
     *
     * @return the payload's shape, {@link Extra#NONE} for most kinds
     */
    public Extra extra() { return extra; }

    /**
     * The message type of the entry at {@code index}. Pagemaps and ghost files start with a
     * different head entry; every other image holds one type throughout.
     */
    Message entryType(int index) {
        if (this == RAW) throw new IllegalStateException("raw images have no entries");
        if (index == 0 && this == PAGEMAP) return PagemapProto.pagemap_head.getDefaultInstance();
        if (index == 0 && this == GHOST_FILE) return GhostFileProto.ghost_file_entry.getDefaultInstance();
        return prototype();
    }

    /**
     * The message of this kind's entries. A switch, not a Supplier per constant: sixty method references made
     * loading this enum cost more than reading a small checkpoint, and the proto classes stay unloaded until used.
     */
    private Message prototype() {
        return switch (this) {
            case INVENTORY -> InventoryProto.inventory_entry.getDefaultInstance();
            case PSTREE -> PstreeProto.pstree_entry.getDefaultInstance();
            case FDINFO -> FdinfoProto.fdinfo_entry.getDefaultInstance();
            case PAGEMAP -> PagemapProto.pagemap_entry.getDefaultInstance();
            case CORE -> CoreProto.core_entry.getDefaultInstance();
            case IDS -> CoreProto.task_kobj_ids_entry.getDefaultInstance();
            case VMAS -> VmaProto.vma_entry.getDefaultInstance();
            case PIPES -> PipeProto.pipe_entry.getDefaultInstance();
            case PIPES_DATA -> PipeDataProto.pipe_data_entry.getDefaultInstance();
            case FIFO -> FifoProto.fifo_entry.getDefaultInstance();
            case FIFO_DATA -> PipeDataProto.pipe_data_entry.getDefaultInstance();
            case SIGACT -> SaProto.sa_entry.getDefaultInstance();
            case UNIXSK -> SkUnixProto.unix_sk_entry.getDefaultInstance();
            case INETSK -> SkInetProto.inet_sk_entry.getDefaultInstance();
            case PACKETSK -> PacketSockProto.packet_sock_entry.getDefaultInstance();
            case ITIMERS -> TimerProto.itimer_entry.getDefaultInstance();
            case POSIX_TIMERS -> TimerProto.posix_timer_entry.getDefaultInstance();
            case SK_QUEUES -> SkPacketProto.sk_packet_entry.getDefaultInstance();
            case UTSNS -> UtsnsProto.utsns_entry.getDefaultInstance();
            case CREDS -> CredsProto.creds_entry.getDefaultInstance();
            case IPC_VAR -> IpcVarProto.ipc_var_entry.getDefaultInstance();
            case IPCNS_SHM -> IpcShmProto.ipc_shm_entry.getDefaultInstance();
            case IPCNS_MSG -> IpcMsgProto.ipc_msg_entry.getDefaultInstance();
            case IPCNS_SEM -> IpcSemProto.ipc_sem_entry.getDefaultInstance();
            case REG_FILES -> RegfileProto.reg_file_entry.getDefaultInstance();
            case EXT_FILES -> ExtFileProto.ext_file_entry.getDefaultInstance();
            case FS -> FsProto.fs_entry.getDefaultInstance();
            case MM -> MmProto.mm_entry.getDefaultInstance();
            case REMAP_FPATH -> RemapFilePathProto.remap_file_path_entry.getDefaultInstance();
            case GHOST_FILE -> GhostFileProto.ghost_chunk_entry.getDefaultInstance();
            case TCP_STREAM -> TcpStreamProto.tcp_stream_entry.getDefaultInstance();
            case EVENTFD_FILE -> EventfdProto.eventfd_file_entry.getDefaultInstance();
            case EVENTPOLL_FILE -> EventpollProto.eventpoll_file_entry.getDefaultInstance();
            case EVENTPOLL_TFD -> EventpollProto.eventpoll_tfd_entry.getDefaultInstance();
            case SIGNALFD -> SignalfdProto.signalfd_entry.getDefaultInstance();
            case INOTIFY_FILE -> FsnotifyProto.inotify_file_entry.getDefaultInstance();
            case INOTIFY_WD -> FsnotifyProto.inotify_wd_entry.getDefaultInstance();
            case MNTS -> MntProto.mnt_entry.getDefaultInstance();
            case NETDEV -> NetdevProto.net_device_entry.getDefaultInstance();
            case NETNS -> NetdevProto.netns_entry.getDefaultInstance();
            case TTY_FILES -> TtyProto.tty_file_entry.getDefaultInstance();
            case TTY_INFO -> TtyProto.tty_info_entry.getDefaultInstance();
            case TTY_DATA -> TtyProto.tty_data_entry.getDefaultInstance();
            case FILE_LOCKS -> FileLockProto.file_lock_entry.getDefaultInstance();
            case RLIMIT -> RlimitProto.rlimit_entry.getDefaultInstance();
            case FANOTIFY_FILE -> FsnotifyProto.fanotify_file_entry.getDefaultInstance();
            case FANOTIFY_MARK -> FsnotifyProto.fanotify_mark_entry.getDefaultInstance();
            case SIGNAL -> SiginfoProto.siginfo_entry.getDefaultInstance();
            case NETLINK_SK -> SkNetlinkProto.netlink_sk_entry.getDefaultInstance();
            case NS_FILES -> NsProto.ns_file_entry.getDefaultInstance();
            case TUNFILE -> TunProto.tunfile_entry.getDefaultInstance();
            case CGROUP -> CgroupProto.cgroup_entry.getDefaultInstance();
            case TIMERFD -> TimerfdProto.timerfd_entry.getDefaultInstance();
            case CPUINFO -> CpuinfoProto.cpuinfo_entry.getDefaultInstance();
            case USERNS -> UsernsProto.userns_entry.getDefaultInstance();
            case SECCOMP -> SeccompProto.seccomp_entry.getDefaultInstance();
            case BINFMT_MISC -> BinfmtMiscProto.binfmt_misc_entry.getDefaultInstance();
            case AUTOFS -> AutofsProto.autofs_entry.getDefaultInstance();
            case FILES -> FdinfoProto.file_entry.getDefaultInstance();
            case MEMFD_INODE -> MemfdProto.memfd_inode_entry.getDefaultInstance();
            case TIMENS -> TimensProto.timens_entry.getDefaultInstance();
            case PIDNS -> PidnsProto.pidns_entry.getDefaultInstance();
            case BPFMAP_FILE -> BpfmapFileProto.bpfmap_file_entry.getDefaultInstance();
            case BPFMAP_DATA -> BpfmapDataProto.bpfmap_data_entry.getDefaultInstance();
            case APPARMOR -> ApparmorProto.apparmor_entry.getDefaultInstance();
            case PIDFD -> PidfdProto.pidfd_entry.getDefaultInstance();
            case STATS -> StatsProto.stats_entry.getDefaultInstance();
            case IRMAP_CACHE -> FhProto.irmap_cache_entry.getDefaultInstance();
            case RAW -> throw new IllegalStateException("raw images have no entries");
        };
    }

    /**
     * The kind whose image magic is {@code magic}.
     *
     * @param magic the image's own magic (the second number of a v1.1 file, the first of the inventory)
     * @return the kind, or empty for a magic this CRIU version does not know (or 0, which {@link #RAW} files lack)
     */
    public static Optional<ImageKind> byMagic(int magic) {
        return Optional.ofNullable(BY_MAGIC.get(magic));
    }

    /**
     * The kind named as crit names it ("CORE", "PAGEMAP"): the enum constant's name.
     *
     * @param name the name, upper case as crit prints it in its {@code "magic"} key
     * @return the kind, or empty if no kind has that name
     */
    public static Optional<ImageKind> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Whether a file of this name holds raw data without magic: page contents, the network and
     * tmpfs dumps CRIU takes with other tools (ip, iptables, nft, tar).
     *
     * @param fileName the file's name without directory, such as {@code pages-1.img}
     * @return true for raw data, false for a file that starts with a magic
     */
    public static boolean isRawName(String fileName) {
        return fileName.startsWith("pages-") || fileName.startsWith("ifaddr-") || fileName.startsWith("route-")
                || fileName.startsWith("route6-") || fileName.startsWith("rule-") || fileName.startsWith("iptables-")
                || fileName.startsWith("ip6tables-") || fileName.startsWith("nftables-") || fileName.startsWith("netns-ct-")
                || fileName.startsWith("netns-exp-") || fileName.startsWith("tmpfs-") || fileName.endsWith(".tar.gz.img")
                || fileName.endsWith(".tar.img");
    }
}
