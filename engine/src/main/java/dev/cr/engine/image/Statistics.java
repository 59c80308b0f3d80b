package dev.cr.engine.image;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.cr.proto.StatsProto.stats_entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics CRIU wrote beside a checkpoint (stats-dump, stats-restore), every number it recorded under the
 * name CRIU's definitions give it. For the few a program acts on, typed and in units, see
 * {@link dev.cr.engine.stats.DumpStats}; this explorer shows all of them, the optional ones included.
 */
public final class Statistics {
    /** The file CRIU writes after a dump or pre-dump. */
    public static final String DUMP = "stats-dump";
    /** The file CRIU writes after a restore. */
    public static final String RESTORE = "stats-restore";

    /**
     * One number of the statistics.
     *
     * @param part  the part it belongs to: "dump" or "restore"
     * @param name  its name in CRIU's definitions ("frozen_time", "pages_written")
     * @param value its value: times in microseconds, counts of pages or other things as named
     */
    public record Counter(String part, String name, long value) {}

    private Statistics() {}

    /**
     * The counters of {@code file} ({@link #DUMP} or {@link #RESTORE}) that CRIU wrote, in the order of its
     * definitions.
     *
     * @param dir  the checkpoint
     * @param file {@link #DUMP} or {@link #RESTORE}
     * @return the counters; empty when the checkpoint does not hold the file
     * @throws ImageException when the file is there but cannot be read
     */
    public static Optional<List<Counter>> of(ImageDir dir, String file) {
        if (!dir.has(file)) return Optional.empty();
        List<Counter> out = new ArrayList<>();
        for (Map.Entry<FieldDescriptor, Object> part : dir.single(file, stats_entry.class).getAllFields().entrySet()) {
            if (!(part.getValue() instanceof Message m)) continue; // stats_entry holds only its dump and restore parts
            for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
                out.add(new Counter(part.getKey().getName(), f.getKey().getName(), number(f.getValue())));
            }
        }
        return Optional.of(out);
    }

    /** CRIU's counters are uint32 (read by Java as int, so unsigned) or uint64. */
    private static long number(Object v) {
        return v instanceof Integer i ? Integer.toUnsignedLong(i) : ((Number) v).longValue();
    }
}
