package dev.cr.engine.image;

import dev.cr.proto.MntProto.fstype;
import dev.cr.proto.MntProto.mnt_entry;

import java.util.ArrayList;
import java.util.List;

/** The mounts of the mount namespaces a checkpoint dumped (mountpoints-ID.img), as CRIU recorded them. */
public final class Mounts {
    /**
     * One mount.
     *
     * @param id         the kernel's mount id at dump time
     * @param parentId   the mount id of the mount this one sits on
     * @param mountpoint where it was mounted, in the dumped mount namespace
     * @param fstype     the file system's name ("proc", "ext4", or "fstype N" for a number CRIU's table does not name)
     * @param source     the mount's source as the kernel showed it (a device, "tmpfs", "none")
     * @param root       the directory of that file system mounted at {@code mountpoint} ("/" for the whole of it)
     * @param options    the options it was mounted with, comma-separated
     */
    public record Mount(int id, int parentId, String mountpoint, String fstype, String source, String root, String options) {}

    private Mounts() {}

    /**
     * Every mount of every dumped mount namespace, in the order of the images.
     *
     * @param dir the checkpoint
     * @return the mounts; empty when the tree shared its parent's mount namespace (nothing was dumped)
     * @throws ImageException when a mountpoints image cannot be read
     */
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
