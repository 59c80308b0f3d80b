package dev.cr.engine.lxc;

import dev.cr.ffm.lxc.lxccontainer_h;

/** The CRIU features liblxc's migrate API can check ({@code MIGRATE_FEATURE_CHECK}). */
public enum Feature {
    /** Dirty memory tracking (soft-dirty), needed for pre-dump iterations. */
    MEM_TRACK(lxccontainer_h.FEATURE_MEM_TRACK),
    /** Lazy pages (userfaultfd), needed for post-copy restore. */
    LAZY_PAGES(lxccontainer_h.FEATURE_LAZY_PAGES);

    final long bit;

    Feature(long bit) {
        this.bit = bit;
    }
}
