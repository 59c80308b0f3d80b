package dev.cr.engine.criu;

/** Words for the errno values libcriu returns (negated) and for open(2) failures. */
final class Errno {
    private Errno() {}

    static String describe(int errno) {
        int e = Math.abs(errno);
        return switch (e) {
            case 1 -> "operation not permitted (EPERM)";
            case 2 -> "no such file or directory (ENOENT)";
            case 3 -> "no such process (ESRCH)";
            case 8 -> "not an executable this kernel can run (ENOEXEC)";
            case 12 -> "out of memory (ENOMEM)";
            case 13 -> "permission denied (EACCES)";
            case 17 -> "file exists (EEXIST)";
            case 20 -> "not a directory (ENOTDIR)";
            case 22 -> "CRIU does not support this request (EINVAL)";
            case 24 -> "too many open files in this process (EMFILE)";
            case 52 -> "CRIU reported a failure (EBADE)";
            case 70 -> "lost contact with CRIU (ECOMM): it ended abnormally";
            case 74 -> "unexpected answer from CRIU (EBADMSG)";
            case 111 -> "could not start or reach CRIU (ECONNREFUSED)";
            default -> "error " + e;
        };
    }
}
