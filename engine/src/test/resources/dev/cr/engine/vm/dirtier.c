/*
 * A workload whose memory changes at a known rate, for the pre-dump tests and benchmarks.
 *
 *   dirtier MIB PAGES_PER_SECOND STATE_FILE
 *
 * Maps MIB of anonymous memory, fills every page with a pattern derived from its index, then rewrites the header of
 * PAGES_PER_SECOND pages a second, round robin over the region (the rate is kept against the clock, not per loop,
 * so a slow emulated CPU still dirties at the stated rate as long as it keeps up). When the region is set up it
 * writes "ADDRESS PAGES PAGE_SIZE" to STATE_FILE (atomically, by rename).
 * SIGUSR1 toggles a pause: while paused no page is written, so a test can read memory that stays still.
 * Page 0's header holds the number of pages written so far (at offset 8), so a reader can see progress.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t paused;

static void toggle(int sig) { (void)sig; paused = !paused; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s MIB PAGES_PER_SECOND STATE_FILE\n", argv[0]);
        return 2;
    }
    long mib = atol(argv[1]);
    double rate = atof(argv[2]);
    long psize = sysconf(_SC_PAGESIZE);
    long pages = mib * 1024 * 1024 / psize;
    uint8_t *mem = mmap(NULL, (size_t)pages * psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) { perror("mmap"); return 1; }
    /* Huge pages would be tracked (and dumped) 512 pages at a time: keep the count per 4 KiB page exact. */
    if (madvise(mem, (size_t)pages * psize, MADV_NOHUGEPAGE) != 0) { perror("madvise"); return 1; }
    for (long p = 0; p < pages; p++) {
        uint64_t x = 0x9E3779B97F4A7C15ULL * (uint64_t)(p + 1);
        uint64_t *w = (uint64_t *)(mem + p * psize);
        for (long i = 0; i < psize / 8; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; w[i] = x; }
    }
    signal(SIGUSR1, toggle);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[3]);
    FILE *f = fopen(tmp, "w");
    if (!f) { perror(tmp); return 1; }
    fprintf(f, "%lu %ld %ld\n", (unsigned long)(uintptr_t)mem, pages, psize);
    if (fclose(f) != 0 || rename(tmp, argv[3]) != 0) { perror(argv[3]); return 1; }

    uint64_t written = 0;     /* pages written since the start, excluding paused time */
    long next = 1;            /* the next page to write; page 0 holds the counter */
    double start = now(), paused_for = 0, paused_at = 0;
    for (;;) {
        if (paused) {
            if (paused_at == 0) paused_at = now();
            usleep(5000);
            continue;
        }
        if (paused_at != 0) { paused_for += now() - paused_at; paused_at = 0; }
        uint64_t due = (uint64_t)((now() - start - paused_for) * rate);
        while (written < due && !paused) {
            uint64_t *h = (uint64_t *)(mem + next * psize);
            h[0] = (uint64_t)next;
            h[1] = written;
            written++;
            ((uint64_t *)mem)[1] = written;
            if (++next == pages) next = 1;
        }
        usleep(5000);
    }
}
