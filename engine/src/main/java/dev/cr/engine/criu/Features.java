package dev.cr.engine.criu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What CRIU can do with this kernel, from libcriu's feature check.
 *
 * @param memoryTracking soft-dirty page tracking: pre-dump iterations and {@code --track-mem}
 * @param lazyPages      userfaultfd-based lazy restore (post-copy migration)
 * @param pidfdStore     pidfds kept across pre-dumps so a reused pid is noticed
 */
public record Features(boolean memoryTracking, boolean lazyPages, boolean pidfdStore) {
    /** {@return each feature by CRIU's name, with whether it is available} */
    public Map<String, Boolean> asMap() {
        var m = new LinkedHashMap<String, Boolean>();
        m.put("mem_track", memoryTracking);
        m.put("lazy_pages", lazyPages);
        m.put("pidfd_store", pidfdStore);
        return m;
    }

    /**
     * What a missing feature costs the user, in one line.
     *
     * @param feature CRIU's name of the feature: "mem_track", "lazy_pages" or "pidfd_store"
     * @return what its absence rules out, in one line; "unknown feature" for another name
     */
    public static String costOfMissing(String feature) {
        return switch (feature) {
            case "mem_track" -> "no memory tracking: pre-dump and iterative migration fall back to a single stop-and-copy dump";
            case "lazy_pages" -> "no lazy pages: post-copy migration (restore first, pages later) is unavailable";
            case "pidfd_store" -> "no pidfd store: between pre-dumps a reused pid goes unnoticed";
            default -> "unknown feature";
        };
    }
}
