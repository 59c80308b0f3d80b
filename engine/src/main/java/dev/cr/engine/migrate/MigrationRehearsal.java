package dev.cr.engine.migrate;

import dev.cr.engine.migrate.source.Checkpointer;
import dev.cr.engine.migrate.source.MigrationSource;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.target.Restorer;
import dev.cr.engine.migrate.trust.ServeState;

import dev.cr.engine.CrException;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * A migration over loopback in which nothing is checkpointed or restored: a target on 127.0.0.1, identities,
 * a join token, the TLS 1.3 handshake, the hello, a few MiB of made-up images sent while "dumped" and at
 * "post-dump", and a restore that refuses. It exists for the {@code ./cr} launcher's AOT cache (JDK 25): a
 * cache holds the classes its training run loaded, and a one-shot {@code cr migrate} otherwise spends most of
 * its first second loading the key store, TLS and crypto classes. No process is touched: the checkpointer and
 * restorer here only write and refuse files, and say so in their names.
 */
public final class MigrationRehearsal {
    private MigrationRehearsal() {}

    /**
     * Runs the rehearsal in {@code scratch} (created, and left for the caller to remove). Returns how it ended, in
     * words: normally the target's refusal to restore, which shows every step before it ran. Never throws.
     *
     * @param scratch an empty directory for the identities, token and images
     * @return how the rehearsal ended, in words
     */
    public static String run(Path scratch) {
        ServeState state = new ServeState(scratch.resolve("serve"));
        try (MigrationTarget target = MigrationTarget.start(state, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new RefusingRestorer(), line -> {}, Duration.ofSeconds(5))) {
            String token = state.tokens().create(Duration.ofMinutes(5));
            MigrationRequest request = new MigrationRequest(ProcessHandle.current().pid(), "127.0.0.1", target.address().getPort(),
                    target.fingerprint(), token, scratch.resolve("client"), scratch.resolve("work"), false, false);
            new MigrationSource(request, new ImageWritingCheckpointer(), null).run();
            return "the rehearsal migrated (it should not have)";
        } catch (RuntimeException expected) {
            return expected instanceof CrException c ? c.cause() : expected.toString();
        }
    }

    /** Writes made-up image files as a dump would (page file first, in pieces), then runs the frozen step. */
    private static final class ImageWritingCheckpointer implements Checkpointer {
        @Override public boolean memoryTracking() { return false; }
        @Override public boolean preDumpAgain() { return false; }
        @Override public DumpFacts preDump(long pid, Path dir, Path parent) { throw new UnsupportedOperationException(); }

        @Override
        public DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen) {
            try {
                byte[] piece = new byte[1 << 20];
                new Random(1).nextBytes(piece);
                try (OutputStream out = Files.newOutputStream(dir.resolve("pages-1.img"))) {
                    for (int i = 0; i < 16; i++) {
                        out.write(piece);
                        out.flush();
                        Thread.sleep(5);
                    }
                }
                Files.writeString(dir.resolve("inventory.img"), "rehearsal");
                whileFrozen.run();
            } catch (Exception e) {
                throw new CrException("rehearsal dump", String.valueOf(e.getMessage()), null);
            }
            return new DumpFacts(0, 0, null);
        }
    }

    static final String REFUSAL = "a rehearsal restores nothing";

    /** Refuses every restore: the rehearsal ends there. */
    private static final class RefusingRestorer implements Restorer {
        @Override
        public long restore(Path images, BeforeRunning beforeRunning) {
            throw new CrException("rehearsal restore", REFUSAL, null);
        }
    }
}
