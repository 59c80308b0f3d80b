/*
 * The workload of the migration tests: counts, and proves its memory survived.
 *   counter STATUS_FILE MIB [HOLD_FILE]
 * Fills MIB MiB with a pattern derived from each byte's offset, then every 100 ms increments a counter and
 * rewrites STATUS_FILE with "COUNT ok|BAD CHECKS": every 10th tick it re-reads all of its memory and counts
 * that check (CHECKS); one wrong byte turns "ok" into "BAD" for good. With HOLD_FILE it keeps that file open
 * (the test grows the file behind its back to make a restore fail).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char pattern(size_t i) { return (unsigned char)((i * 2654435761u) >> 13); }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: counter STATUS_FILE MIB [HOLD_FILE]\n"); return 2; }
    const char *status = argv[1];
    size_t n = (size_t)atol(argv[2]) << 20;
    int hold = -1;
    if (argc > 3 && (hold = open(argv[3], O_RDWR | O_CREAT, 0644)) < 0) { perror(argv[3]); return 1; }
    unsigned char *mem = n ? malloc(n) : NULL;
    if (n && !mem) { perror("malloc"); return 1; }
    for (size_t i = 0; i < n; i++) mem[i] = pattern(i);
    long count = 0, checks = 0;
    int bad = 0;
    for (;;) {
        count++;
        if (n && count % 10 == 0) {
            for (size_t i = 0; i < n; i++) if (mem[i] != pattern(i)) { bad = 1; break; }
            checks++;
        }
        char line[96];
        int len = snprintf(line, sizeof line, "%ld %s %ld\n", count, bad ? "BAD" : "ok", checks);
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", status);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            if (write(fd, line, len) != len) bad = 1;
            close(fd);
            rename(tmp, status); /* readers never see a half-written line */
        }
        usleep(100000);
    }
    (void)hold;
}
