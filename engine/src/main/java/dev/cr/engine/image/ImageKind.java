package dev.cr.engine.image;

import com.google.protobuf.Message;
import dev.cr.proto.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The kinds of CRIU image file: the magic number that opens each file, the protobuf message its
 * entries hold, and the extra payload that follows an entry in some of them. Magic values are
 * those of CRIU 4.2.1 (criu/include/magic.h, also listed by pycriu's magic table); the names are
 * the ones crit prints in its JSON {@code "magic"} key.
 *
 * <p>Files such as {@code pages-N.img} carry no magic at all: they are {@link #RAW}.
 */
public enum ImageKind {
    INVENTORY(1479618838, Header.NONE, InventoryProto.inventory_entry::getDefaultInstance),
    PSTREE(1344745520, PstreeProto.pstree_entry::getDefaultInstance),
    FDINFO(1445017394, FdinfoProto.fdinfo_entry::getDefaultInstance),
    /** First entry {@code pagemap_head}, then {@code pagemap_entry}s. */
    PAGEMAP(1443381285, PagemapProto.pagemap_entry::getDefaultInstance),
    CORE(1426405447, CoreProto.core_entry::getDefaultInstance),
    IDS(1413685296, CoreProto.task_kobj_ids_entry::getDefaultInstance),
    VMAS(1410479927, VmaProto.vma_entry::getDefaultInstance),
    PIPES(1448162645, PipeProto.pipe_entry::getDefaultInstance),
    PIPES_DATA(1447376649, PipeDataProto.pipe_data_entry::getDefaultInstance, Extra.PIPE_DATA),
    FIFO(1479952697, FifoProto.fifo_entry::getDefaultInstance),
    FIFO_DATA(1496526932, PipeDataProto.pipe_data_entry::getDefaultInstance, Extra.PIPE_DATA),
    SIGACT(1429488129, SaProto.sa_entry::getDefaultInstance),
    UNIXSK(1412905283, SkUnixProto.unix_sk_entry::getDefaultInstance),
    INETSK(1447311441, SkInetProto.inet_sk_entry::getDefaultInstance),
    PACKETSK(1615152664, PacketSockProto.packet_sock_entry::getDefaultInstance),
    ITIMERS(1464221782, TimerProto.itimer_entry::getDefaultInstance),
    POSIX_TIMERS(1382037847, TimerProto.posix_timer_entry::getDefaultInstance),
    SK_QUEUES(1445347366, SkPacketProto.sk_packet_entry::getDefaultInstance, Extra.SK_QUEUE),
    UTSNS(1413952003, UtsnsProto.utsns_entry::getDefaultInstance),
    CREDS(1409430855, CredsProto.creds_entry::getDefaultInstance),
    IPC_VAR(1393643527, IpcVarProto.ipc_var_entry::getDefaultInstance),
    IPCNS_SHM(1177038916, IpcShmProto.ipc_shm_entry::getDefaultInstance, Extra.IPC_SHM),
    IPCNS_MSG(1430599479, IpcMsgProto.ipc_msg_entry::getDefaultInstance, Extra.IPC_MSG),
    IPCNS_SEM(1498886169, IpcSemProto.ipc_sem_entry::getDefaultInstance, Extra.IPC_SEM),
    REG_FILES(1345730102, RegfileProto.reg_file_entry::getDefaultInstance),
    EXT_FILES(1495619137, ExtFileProto.ext_file_entry::getDefaultInstance),
    FS(1363163410, FsProto.fs_entry::getDefaultInstance),
    MM(1464412192, MmProto.mm_entry::getDefaultInstance),
    REMAP_FPATH(1494432084, RemapFilePathProto.remap_file_path_entry::getDefaultInstance),
    /** First entry {@code ghost_file_entry}; then either chunks ({@code ghost_chunk_entry} + data) or the whole content. */
    GHOST_FILE(1381512709, GhostFileProto.ghost_chunk_entry::getDefaultInstance, Extra.GHOST),
    TCP_STREAM(1363563782, TcpStreamProto.tcp_stream_entry::getDefaultInstance, Extra.TCP_QUEUES),
    EVENTFD_FILE(1146238754, EventfdProto.eventfd_file_entry::getDefaultInstance),
    EVENTPOLL_FILE(1157773400, EventpollProto.eventpoll_file_entry::getDefaultInstance),
    EVENTPOLL_TFD(1145255750, EventpollProto.eventpoll_tfd_entry::getDefaultInstance),
    SIGNALFD(1462908960, SignalfdProto.signalfd_entry::getDefaultInstance),
    INOTIFY_FILE(1212302385, FsnotifyProto.inotify_file_entry::getDefaultInstance),
    INOTIFY_WD(1414930441, FsnotifyProto.inotify_wd_entry::getDefaultInstance),
    MNTS(1431714088, MntProto.mnt_entry::getDefaultInstance),
    NETDEV(1463236945, NetdevProto.net_device_entry::getDefaultInstance),
    NETNS(1435711314, NetdevProto.netns_entry::getDefaultInstance),
    TTY_FILES(1497575461, TtyProto.tty_file_entry::getDefaultInstance),
    TTY_INFO(1497706550, TtyProto.tty_info_entry::getDefaultInstance),
    TTY_DATA(1497444390, TtyProto.tty_data_entry::getDefaultInstance),
    FILE_LOCKS(1412576790, FileLockProto.file_lock_entry::getDefaultInstance),
    RLIMIT(1460746533, RlimitProto.rlimit_entry::getDefaultInstance),
    FANOTIFY_FILE(1426678050, FsnotifyProto.fanotify_file_entry::getDefaultInstance),
    FANOTIFY_MARK(1448108085, FsnotifyProto.fanotify_mark_entry::getDefaultInstance),
    SIGNAL(1495619143, SiginfoProto.siginfo_entry::getDefaultInstance),
    NETLINK_SK(1476417044, SkNetlinkProto.netlink_sk_entry::getDefaultInstance),
    NS_FILES(1631141905, NsProto.ns_file_entry::getDefaultInstance),
    TUNFILE(1460942673, TunProto.tunfile_entry::getDefaultInstance),
    CGROUP(1496855344, CgroupProto.cgroup_entry::getDefaultInstance),
    TIMERFD(1346975506, TimerfdProto.timerfd_entry::getDefaultInstance),
    CPUINFO(1631600659, CpuinfoProto.cpuinfo_entry::getDefaultInstance),
    USERNS(1430735110, UsernsProto.userns_entry::getDefaultInstance),
    SECCOMP(1681993801, SeccompProto.seccomp_entry::getDefaultInstance),
    BINFMT_MISC(1731474211, BinfmtMiscProto.binfmt_misc_entry::getDefaultInstance),
    AUTOFS(1228224835, AutofsProto.autofs_entry::getDefaultInstance),
    FILES(1445998904, FdinfoProto.file_entry::getDefaultInstance),
    MEMFD_INODE(1212495001, MemfdProto.memfd_inode_entry::getDefaultInstance),
    TIMENS(1125205043, TimensProto.timens_entry::getDefaultInstance),
    PIDNS(1628795686, PidnsProto.pidns_entry::getDefaultInstance),
    BPFMAP_FILE(1464885570, BpfmapFileProto.bpfmap_file_entry::getDefaultInstance),
    BPFMAP_DATA(1681014835, BpfmapDataProto.bpfmap_data_entry::getDefaultInstance, Extra.BPFMAP_DATA),
    APPARMOR(1497509959, ApparmorProto.apparmor_entry::getDefaultInstance),
    PIDFD(1413698902, PidfdProto.pidfd_entry::getDefaultInstance),
    STATS(1460220678, Header.SERVICE, StatsProto.stats_entry::getDefaultInstance),
    IRMAP_CACHE(1459634265, Header.SERVICE, FhProto.irmap_cache_entry::getDefaultInstance),
    /** Raw data without magic or entries: pages-N.img, network dumps, tmpfs tarballs. */
    RAW(0, Header.NONE, null);

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
    private final Supplier<Message> prototype;
    private final Extra extra;

    ImageKind(int magic, Supplier<Message> prototype) {
        this(magic, Header.COMMON, prototype, Extra.NONE);
    }

    ImageKind(int magic, Supplier<Message> prototype, Extra extra) {
        this(magic, Header.COMMON, prototype, extra);
    }

    ImageKind(int magic, Header header, Supplier<Message> prototype) {
        this(magic, header, prototype, Extra.NONE);
    }

    ImageKind(int magic, Header header, Supplier<Message> prototype, Extra extra) {
        this.magic = magic;
        this.header = header;
        this.prototype = prototype;
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
    public Message entryType(int index) {
        if (this == RAW) throw new IllegalStateException("raw images have no entries");
        if (index == 0 && this == PAGEMAP) return PagemapProto.pagemap_head.getDefaultInstance();
        if (index == 0 && this == GHOST_FILE) return GhostFileProto.ghost_file_entry.getDefaultInstance();
        return prototype.get();
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
