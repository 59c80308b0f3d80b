package dev.cr.engine.migrate.target;

/**
 * What an arriving container's configuration may ask of the target beyond its own directory. A trusted source is
 * root on the target in any case (CRIU images are code, see docs/security.md), but two requests would turn a
 * container migration into running host commands or host directories directly, so they are refused unless
 * {@code cr serve} is told to allow them: {@code lxc.hook.*} entries (commands liblxc runs as root on the target)
 * and a root filesystem outside the container's directory.
 *
 * @param allowHooks         let {@code lxc.hook.*} entries through ({@code cr serve --allow-container-hooks})
 * @param allowOutsideRootfs let {@code lxc.rootfs.path} name anything ({@code cr serve --allow-outside-rootfs})
 */
public record ContainerPolicy(boolean allowHooks, boolean allowOutsideRootfs) {
    /** Neither: the default of {@code cr serve}. */
    public static final ContainerPolicy STRICT = new ContainerPolicy(false, false);
}
