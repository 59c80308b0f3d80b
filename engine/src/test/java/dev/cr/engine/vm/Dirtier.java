package dev.cr.engine.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A real process whose memory changes at a known rate: {@code dirtier.c} (test resources), compiled once per JVM
 * with gcc. It maps {@code mib} MiB, fills them, then rewrites {@code pagesPerSecond} pages a second, round robin.
 * It runs as a session leader (CRIU dumps a session leader without --shell-job) with its output in a regular file,
 * so nothing it holds is external to the dump. Closing kills it, or whatever process now runs under its pid
 * (a restored copy), and waits for it.
 */
final class Dirtier implements AutoCloseable {
    private static Path binary;

    private final Process process;
    private final long pid;
    private final long address;
    private final long pages;
    private final int pageSize;
    private boolean paused;

    private Dirtier(Process process, long address, long pages, int pageSize) {
        this.process = process;
        this.pid = process.pid();
        this.address = address;
        this.pages = pages;
        this.pageSize = pageSize;
    }

    /** Compiles dirtier.c (once) and starts it in {@code workDir}; returns when its memory is set up. */
    static Dirtier start(Path workDir, int mib, int pagesPerSecond) throws IOException, InterruptedException {
        Path state = workDir.resolve("dirtier.state");
        Process p = new ProcessBuilder("setsid", binary().toString(), String.valueOf(mib),
                String.valueOf(pagesPerSecond), state.toString())
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(workDir.resolve("dirtier.out").toFile())
                .redirectErrorStream(true)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(state)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("dirtier exited with " + p.exitValue() + ": "
                        + Files.readString(workDir.resolve("dirtier.out")));
            }
            if (Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new IllegalStateException("dirtier did not set up " + mib + " MiB within 60 s");
            }
            Thread.sleep(20);
        }
        String[] f = Files.readString(state).trim().split(" ");
        return new Dirtier(p, Long.parseUnsignedLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]));
    }

    private static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) return binary;
        Path dir = Files.createTempDirectory("cr-dirtier");
        Path src = dir.resolve("dirtier.c");
        try (var in = Dirtier.class.getResourceAsStream("dirtier.c")) {
            if (in == null) throw new IllegalStateException("dirtier.c is missing from the test resources");
            Files.copy(in, src);
        }
        Path bin = dir.resolve("dirtier");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) throw new IllegalStateException("gcc failed on dirtier.c:\n" + out);
        binary = bin;
        return bin;
    }

    long pid() { return pid; }
    long pages() { return pages; }
    int pageSize() { return pageSize; }
    long address() { return address; }

    /** Bytes of the region, the size a full dump of it writes. */
    long bytes() { return pages * pageSize; }

    /** Pages written since the start, as the process counts them (page 0, offset 8). */
    long pagesWritten() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        try (FileChannel mem = FileChannel.open(Path.of("/proc", String.valueOf(pid), "mem"))) {
            mem.read(b, address + 8);
        }
        return b.getLong(0);
    }

    /** Stops writing (SIGUSR1 toggles); the memory stays still from the moment the process sees the signal. */
    void pause() throws IOException, InterruptedException {
        if (!paused) toggle();
        paused = true;
        // The writer loop checks the flag between pages and sleeps 5 ms between rounds: let it settle.
        long before;
        do {
            before = pagesWritten();
            Thread.sleep(50);
        } while (pagesWritten() != before);
    }

    void resume() throws IOException, InterruptedException {
        if (paused) toggle();
        paused = false;
    }

    private void toggle() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-USR1", String.valueOf(pid)).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill -USR1 " + pid + " failed");
    }

    /** The whole region, read from the running process (whichever process has the pid). */
    byte[] memory() throws IOException {
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(bytes()));
        try (FileChannel mem = FileChannel.open(Path.of("/proc", String.valueOf(pid), "mem"))) {
            while (all.hasRemaining()) {
                if (mem.read(all, address + all.position()) < 0) throw new IOException("short read of /proc/" + pid + "/mem");
            }
        }
        return all.array();
    }

    /** Waits for the original process to end (a dump that does not leave it running kills it) and reaps it. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("pid " + pid + " is still running");
        return process.exitValue();
    }

    /** A CRC32C of every page of the region, read from the running process (whichever process has the pid). */
    long[] pageChecksums() throws IOException {
        long[] sums = new long[Math.toIntExact(pages)];
        ByteBuffer page = ByteBuffer.allocateDirect(pageSize);
        try (FileChannel mem = FileChannel.open(Path.of("/proc", String.valueOf(pid), "mem"))) {
            for (int i = 0; i < sums.length; i++) {
                page.clear();
                long at = address + (long) i * pageSize;
                while (page.hasRemaining()) {
                    if (mem.read(page, at + page.position()) < 0) throw new IOException("short read at " + at);
                }
                page.flip();
                CRC32C crc = new CRC32C();
                crc.update(page);
                sums[i] = crc.getValue();
            }
        }
        return sums;
    }

    /** Pages of the region the kernel marks soft-dirty (bit 55 of /proc/PID/pagemap). */
    long softDirtyPages() throws IOException {
        ByteBuffer entries = ByteBuffer.allocate(Math.toIntExact(pages * 8)).order(ByteOrder.nativeOrder());
        try (FileChannel map = FileChannel.open(Path.of("/proc", String.valueOf(pid), "pagemap"))) {
            long at = address / pageSize * 8;
            while (entries.hasRemaining()) {
                if (map.read(entries, at + entries.position()) < 0) throw new IOException("short pagemap read");
            }
        }
        long n = 0;
        for (int i = 0; i < pages; i++) if ((entries.getLong(i * 8) & (1L << 55)) != 0) n++;
        return n;
    }

    /** Clears the soft-dirty bits of the whole process (what CRIU does after each pre-dump). */
    void clearSoftDirty() throws IOException {
        Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "4", StandardOpenOption.WRITE);
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() throws InterruptedException {
        // A restored copy runs under the same pid but is not our child: kill it by pid.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100 && alive(); i++) Thread.sleep(50);
    }

    static List<String> describe(long[] a, long[] b) {
        int first = -1, count = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) { if (first < 0) first = i; count++; }
        }
        return List.of("pages differing: " + count, "first differing page: " + first);
    }
}
