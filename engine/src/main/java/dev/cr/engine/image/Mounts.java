package dev.cr.engine.image;

import dev.cr.proto.MntProto.fstype;
import dev.cr.proto.MntProto.mnt_entry;

import java.util.ArrayList;
import java.util.List;

/** The mounts of the mount namespaces a checkpoint dumped (mountpoints-ID.img), as CRIU recorded them. */
public final class Mounts {
    /**
     * One mount. {@code id} and {@code parentId} are the kernel's mount ids at dump time; {@code fstype} is the file
     * system's name ("proc", "ext4", or "fstype N" for a number CRIU's table does not name); {@code root} is the
     * directory of that file system mounted at {@code mountpoint}; {@code options} the options it was mounted with.
     */
    public record Mount(int id, int parentId, String mountpoint, String fstype, String source, String root, String options) {}

    private Mounts() {}

    /** Every mount of every dumped mount namespace, in the order of the images; empty when the tree shared its parent's. */
    public static List<Mount> of(ImageDir dir) {
        List<Mount> out = new ArrayList<>();
        for (String f : dir.names("mountpoints-", ".img")) {
            for (mnt_entry m : dir.entries(f, mnt_entry.class)) {
                out.add(new Mount(m.getMntId(), m.getParentMntId(), m.getMountpoint(), fstype(m), m.getSource(), m.getRoot(),
                        m.getOptions()));
            }
        }
        return out;
    }

    /** CRIU names the file system in fsname for types it has no number for; for the others the number is in its table. */
    private static String fstype(mnt_entry m) {
        if (m.hasFsname() && !m.getFsname().isEmpty()) return m.getFsname();
        fstype type = fstype.forNumber(m.getFstype());
        return type == null ? "fstype " + m.getFstype() : type.name().toLowerCase();
    }
}
