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
    INVENTORY(1479618838, Header.NONE),
    PSTREE(1344745520),
    FDINFO(1445017394),
    /** First entry {@code pagemap_head}, then {@code pagemap_entry}s. */
    PAGEMAP(1443381285),
    CORE(1426405447),
    IDS(1413685296),
    VMAS(1410479927),
    PIPES(1448162645),
    PIPES_DATA(1447376649, Extra.PIPE_DATA),
    FIFO(1479952697),
    FIFO_DATA(1496526932, Extra.PIPE_DATA),
    SIGACT(1429488129),
    UNIXSK(1412905283),
    INETSK(1447311441),
    PACKETSK(1615152664),
    ITIMERS(1464221782),
    POSIX_TIMERS(1382037847),
    SK_QUEUES(1445347366, Extra.SK_QUEUE),
    UTSNS(1413952003),
    CREDS(1409430855),
    IPC_VAR(1393643527),
    IPCNS_SHM(1177038916, Extra.IPC_SHM),
    IPCNS_MSG(1430599479, Extra.IPC_MSG),
    IPCNS_SEM(1498886169, Extra.IPC_SEM),
    REG_FILES(1345730102),
    EXT_FILES(1495619137),
    FS(1363163410),
    MM(1464412192),
    REMAP_FPATH(1494432084),
    /** First entry {@code ghost_file_entry}; then either chunks ({@code ghost_chunk_entry} + data) or the whole content. */
    GHOST_FILE(1381512709, Extra.GHOST),
    TCP_STREAM(1363563782, Extra.TCP_QUEUES),
    EVENTFD_FILE(1146238754),
    EVENTPOLL_FILE(1157773400),
    EVENTPOLL_TFD(1145255750),
    SIGNALFD(1462908960),
    INOTIFY_FILE(1212302385),
    INOTIFY_WD(1414930441),
    MNTS(1431714088),
    NETDEV(1463236945),
    NETNS(1435711314),
    TTY_FILES(1497575461),
    TTY_INFO(1497706550),
    TTY_DATA(1497444390),
    FILE_LOCKS(1412576790),
    RLIMIT(1460746533),
    FANOTIFY_FILE(1426678050),
    FANOTIFY_MARK(1448108085),
    SIGNAL(1495619143),
    NETLINK_SK(1476417044),
    NS_FILES(1631141905),
    TUNFILE(1460942673),
    CGROUP(1496855344),
    TIMERFD(1346975506),
    CPUINFO(1631600659),
    USERNS(1430735110),
    SECCOMP(1681993801),
    BINFMT_MISC(1731474211),
    AUTOFS(1228224835),
    FILES(1445998904),
    MEMFD_INODE(1212495001),
    TIMENS(1125205043),
    PIDNS(1628795686),
    BPFMAP_FILE(1464885570),
    BPFMAP_DATA(1681014835, Extra.BPFMAP_DATA),
    APPARMOR(1497509959),
    PIDFD(1413698902),
    STATS(1460220678, Header.SERVICE),
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

    /** The image's own magic number (the second one in v1.1 files); 0 for {@link #RAW}. */
    public int magic() { return magic; }

    /** What precedes the image magic. */
    public Header header() { return header; }

    /** The extra payload that follows entries of this kind. */
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

    /** The kind whose image magic is {@code magic}. */
    public static Optional<ImageKind> byMagic(int magic) {
        return Optional.ofNullable(BY_MAGIC.get(magic));
    }

    /** The kind named as crit names it ("CORE", "PAGEMAP"). */
    public static Optional<ImageKind> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Whether a file of this name holds raw data without magic: page contents, the network and
     * tmpfs dumps CRIU takes with other tools (ip, iptables, nft, tar).
     */
    public static boolean isRawName(String fileName) {
        return fileName.startsWith("pages-") || fileName.startsWith("ifaddr-") || fileName.startsWith("route-")
                || fileName.startsWith("route6-") || fileName.startsWith("rule-") || fileName.startsWith("iptables-")
                || fileName.startsWith("ip6tables-") || fileName.startsWith("nftables-") || fileName.startsWith("netns-ct-")
                || fileName.startsWith("netns-exp-") || fileName.startsWith("tmpfs-") || fileName.endsWith(".tar.gz.img")
                || fileName.endsWith(".tar.img");
    }
}
