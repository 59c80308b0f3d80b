package dev.cr.engine.stats;

import dev.cr.engine.CrException;
import dev.cr.proto.StatsProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads CRIU's statistics files ({@code stats-dump}, {@code stats-restore}). Their framing: two 4-byte
 * little-endian magics (the service-image magic, then the stats magic), then one entry as a 4-byte
 * little-endian size followed by that many bytes of a protobuf {@code stats_entry}. Kept tiny on purpose:
 * reading statistics needs neither the native layer nor the general image reader.
 */
public final class StatsFile {
    /** Magic of CRIU's "service" images, which are not part of a process's state. */
    public static final int SERVICE_MAGIC = 0x55105940;
    /** Magic of the stats image. */
    public static final int STATS_MAGIC = 0x57093306;
    /** The file CRIU writes after a dump or pre-dump. */
    public static final String DUMP_FILE = "stats-dump";
    /** The file CRIU writes after a restore. */
    public static final String RESTORE_FILE = "stats-restore";

    /** A stats image is one small entry; anything larger than this is not one. */
    static final int MAX_SIZE = 1 << 20;

    private StatsFile() {}

    /**
     * The dump statistics in {@code dir/stats-dump}, or empty when there is no such file.
     *
     * @param dir the directory CRIU wrote the statistics to: its work directory, the images directory by default
     * @return the statistics; empty when the file is absent or holds no dump part
     * @throws dev.cr.engine.CrException when the file is there but damaged, not a regular file, or unreadable
     */
    public static Optional<DumpStats> readDump(Path dir) {
        return read(dir.resolve(DUMP_FILE)).filter(StatsProto.stats_entry::hasDump).map(e -> toDump(e.getDump()));
    }

    /**
     * The restore statistics in {@code dir/stats-restore}, or empty when there is no such file.
     *
     * @param dir the directory CRIU wrote the statistics to: its work directory, the images directory by default
     * @return the statistics; empty when the file is absent or holds no restore part
     * @throws dev.cr.engine.CrException when the file is there but damaged, not a regular file, or unreadable
     */
    public static Optional<RestoreStats> readRestore(Path dir) {
        return read(dir.resolve(RESTORE_FILE)).filter(StatsProto.stats_entry::hasRestore).map(e -> toRestore(e.getRestore()));
    }

    /** Parses the bytes of a stats file; fails with a CrException saying what is wrong with it. */
    static StatsProto.stats_entry parse(byte[] bytes, Path file) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12) throw bad(file, "it is " + bytes.length + " bytes long, too short for a stats image");
        int service = b.getInt();
        int magic = b.getInt();
        if (service != SERVICE_MAGIC || magic != STATS_MAGIC)
            throw bad(file, String.format("its magics are 0x%08x 0x%08x, not those of a stats image (0x%08x 0x%08x)",
                    service, magic, SERVICE_MAGIC, STATS_MAGIC));
        int size = b.getInt();
        if (size < 0 || size > b.remaining())
            throw bad(file, "its entry claims " + Integer.toUnsignedString(size) + " bytes but " + b.remaining() + " follow");
        try {
            return StatsProto.stats_entry.parseFrom(ByteBuffer.wrap(bytes, 12, size));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw bad(file, "its entry is not a valid stats_entry: " + e.getMessage());
        }
    }

    private static Optional<StatsProto.stats_entry> read(Path file) {
        byte[] bytes;
        try {
            // CRIU writes a regular file of a few dozen bytes. A link or a device in a directory someone else made
            // (/dev/zero never ends) is refused before it is opened, and the open does not follow links.
            var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || attrs.size() > MAX_SIZE)
                throw bad(file, attrs.isRegularFile() ? "it is " + attrs.size() + " bytes long, more than a stats image holds"
                        : "it is not a regular file (a link, FIFO or device): CRIU writes nothing else");
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_SIZE);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CrException("reading " + file, "cannot read it: " + e.getMessage(), null);
        }
        return Optional.of(parse(bytes, file));
    }

    private static CrException bad(Path file, String why) {
        return new CrException("reading " + file, "the file is damaged: " + why,
                "take the checkpoint again; statistics are informational and the images may still restore");
    }

    static Duration micros(long us) {
        return Duration.ofNanos(Integer.toUnsignedLong((int) us) * 1000);
    }

    static DumpStats toDump(StatsProto.dump_stats_entry d) {
        return new DumpStats(micros(d.getFreezingTime()), micros(d.getFrozenTime()), micros(d.getMemdumpTime()),
                micros(d.getMemwriteTime()), d.getPagesScanned(), d.getPagesSkippedParent(), d.getPagesWritten(),
                d.getPagesLazy());
    }

    static RestoreStats toRestore(StatsProto.restore_stats_entry r) {
        return new RestoreStats(r.getPagesCompared(), r.getPagesSkippedCow(), micros(r.getForkingTime()),
                micros(r.getRestoreTime()), r.getPagesRestored());
    }
}
