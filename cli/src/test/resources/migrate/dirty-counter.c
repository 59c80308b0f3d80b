/*
 * The workload of the pre-copy migration tests: counts like counter.c, and keeps rewriting its memory at a fixed
 * rate, so that every pre-dump finds pages changed since the one before.
 *   dirty-counter STATUS_FILE MIB PAGES_PER_SECOND
 * Page i of the MIB MiB region always holds the pattern of (i, generation[i]); rewriting a page bumps its
 * generation, kept in a separate table. Pages are rewritten round robin, PAGES_PER_SECOND a second. Every 100 ms it
 * increments a counter and rewrites STATUS_FILE with "COUNT ok|BAD CHECKS"; every 10th tick it checks every page
 * against the table (CHECKS counts those checks). A page restored from an older iteration than the table (a lost
 * dirty page) or damaged in any other way turns "ok" into "BAD" for good.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define WORDS (PAGE / 8)

static uint64_t word(size_t page, uint32_t gen, size_t w) {
    uint64_t x = ((uint64_t)page << 32 | gen) * 0x9E3779B97F4A7C15ull + w;
    return x ^ (x >> 29);
}

static void fill(uint64_t *p, size_t page, uint32_t gen) {
    for (size_t w = 0; w < WORDS; w++) p[w] = word(page, gen, w);
}

static int intact(const uint64_t *p, size_t page, uint32_t gen) {
    for (size_t w = 0; w < WORDS; w++) if (p[w] != word(page, gen, w)) return 0;
    return 1;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: dirty-counter STATUS_FILE MIB PAGES_PER_SECOND\n"); return 2; }
    const char *status = argv[1];
    size_t pages = ((size_t)atol(argv[2]) << 20) / PAGE;
    double rate = atof(argv[3]);
    if (pages == 0) { fprintf(stderr, "dirty-counter: MIB must be at least 1\n"); return 2; }
    uint64_t *mem = aligned_alloc(PAGE, pages * PAGE);
    uint32_t *gen = calloc(pages, sizeof *gen);
    if (!mem || !gen) { perror("alloc"); return 1; }
    for (size_t i = 0; i < pages; i++) fill(mem + i * WORDS, i, 0);
    long count = 0, checks = 0;
    int bad = 0;
    size_t next = 0;
    double start = now(), tick = start;
    long long rewritten = 0;
    for (;;) {
        /* Catch up with the rate: after t seconds, rate * t pages rewritten in all. */
        long long due = (long long)(rate * (now() - start));
        for (; rewritten < due; rewritten++) {
            gen[next]++;
            fill(mem + next * WORDS, next, gen[next]);
            next = (next + 1) % pages;
        }
        if (now() - tick >= 0.1) {
            tick = now();
            count++;
            if (count % 10 == 0) {
                for (size_t i = 0; i < pages && !bad; i++) if (!intact(mem + i * WORDS, i, gen[i])) bad = 1;
                checks++;
            }
            char line[96], tmp[4096];
            int len = snprintf(line, sizeof line, "%ld %s %ld\n", count, bad ? "BAD" : "ok", checks);
            snprintf(tmp, sizeof tmp, "%s.tmp", status);
            int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                if (write(fd, line, len) != len) bad = 1;
                close(fd);
                rename(tmp, status); /* readers never see a half-written line */
            }
        }
        usleep(10000);
    }
}
